package io.workerpool.worker;

import io.workerpool.core.cancel.CancelPublisher;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.Completion.Mode;
import io.workerpool.protocol.IsolatedRun;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.TaskResult;
import java.time.Clock;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one task lane's results to the results topic, keyed by job id so the job's reducer
 * receives them, and adds each send to the lane's pending sends.
 */
final class KafkaResultOutput implements ResultOutput {

  private static final Logger log = LoggerFactory.getLogger(KafkaResultOutput.class);

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final CancelPublisher cancels;
  private final WorkerMetrics metrics;
  private final ResultSizeLimit sizeLimit;
  private final Clock clock;
  private final PendingSends pending;

  KafkaResultOutput(Producer<String, byte[]> producer, String topic, CancelPublisher cancels,
      WorkerMetrics metrics, ResultSizeLimit sizeLimit, Clock clock, PendingSends pending) {
    this.pending = pending;
    this.producer = producer;
    this.topic = topic;
    this.cancels = cancels;
    this.metrics = metrics;
    this.sizeLimit = sizeLimit;
    this.clock = clock;
  }

  @Override
  public void sendResult(TaskResult result) {
    sendResult(result, Completion.ALL);
  }

  /**
   * Sends the result. A succeeded result over the size limit is sent as FAILED instead, and
   * cancels its job like any failed task, except in a FIRST job.
   */
  @Override
  public void sendResult(TaskResult result, Completion completion) {
    TaskResult checked = sizeLimit.enforce(result);
    if (checked != result) {
      log.warn("{}", checked.error().message());
      send(checked);
      if (completion.mode() != Mode.FIRST) {
        cancels.publish(Cancel.of(checked.jobId(), CancelReason.FAILED, checked.error(),
            checked.workerId(), clock.instant(), null));
      }
      return;
    }
    send(result);
  }

  private void send(TaskResult result) {
    metrics.countResult(result);
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, result.jobId(), MessageCodec.encode(result));
    pending.add(producer.send(record, (metadata, error) -> {
      if (error != null) {
        log.error("Failed to send the result of task {}", result.taskId(), error);
      }
    }));
  }

  @Override
  public Future<RecordMetadata> report(IsolatedRun run) {
    return producer.send(new ProducerRecord<>(topic, run.jobId(), MessageCodec.encode(run)));
  }

  @Override
  public void cancel(Cancel cancel) {
    cancels.publish(cancel);
  }
}
