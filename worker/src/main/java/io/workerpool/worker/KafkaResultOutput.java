package io.workerpool.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.cancel.CancelPublisher;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.Completion.Mode;
import io.workerpool.protocol.IsolatedRun;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import io.workerpool.protocol.Topics;
import java.time.Clock;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one task lane's results to the results topic, keyed by job id so the job's reducer
 * receives them, and the next-stage tasks of chained jobs to their stage's tasks topic. Each
 * send joins the lane's pending sends.
 */
final class KafkaResultOutput implements ResultOutput {

  private static final Logger log = LoggerFactory.getLogger(KafkaResultOutput.class);

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final String topic;
  private final CancelPublisher cancels;
  private final WorkerMetrics metrics;
  private final ResultSizeLimit sizeLimit;
  private final Clock clock;
  private final PendingSends pending;
  private final String workerId;

  KafkaResultOutput(Producer<String, byte[]> producer, Topics topics, CancelPublisher cancels,
      WorkerMetrics metrics, ResultSizeLimit sizeLimit, Clock clock, PendingSends pending,
      String workerId) {
    this.pending = pending;
    this.producer = producer;
    this.topics = topics;
    this.topic = topics.results();
    this.workerId = workerId;
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
    byte[] value = MessageCodec.encode(result);
    TaskResult checked = sizeLimit.enforce(result, value.length);
    if (checked != result) {
      log.warn("{}", checked.error().message());
      send(checked);
      if (completion.mode() != Mode.FIRST) {
        cancels.publish(Cancel.of(checked.jobId(), CancelReason.FAILED, checked.error(),
            checked.workerId(), clock.instant(), null));
      }
      return;
    }
    send(result, value);
  }

  private void send(TaskResult result) {
    send(result, MessageCodec.encode(result));
  }

  private void send(TaskResult result, byte[] value) {
    metrics.countResult(result);
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, result.jobId(), value);
    pending.add(producer.send(record, (metadata, error) -> {
      if (error != null) {
        log.error("Failed to send the result of task {}", result.taskId(), error);
      }
    }));
  }

  /**
   * Sends the next stage's task, keyed by task id like the producer's tasks: a job's tasks then
   * spread over the partitions, and a worker that cannot read the record finds its job in the
   * key. A next-stage task over the result size limit is not sent: the task fails with a FAILED
   * result and cancels its job, except in a FIRST job, as an oversized result does.
   */
  @Override
  public void forward(Task task, JsonNode output) {
    Task next = task.next(output);
    byte[] value = MessageCodec.encode(next);
    String tooLarge = sizeLimit.checkNextTask(next, value.length);
    if (tooLarge != null) {
      log.warn("{}", tooLarge);
      JobError error = new JobError(Step.TASK, tooLarge, task.taskId(), workerId);
      send(TaskResult.failed(task, error, workerId));
      if (task.completion().mode() != Mode.FIRST) {
        cancels.publish(Cancel.of(task.jobId(), CancelReason.FAILED, error, workerId,
            clock.instant(), task.deadline()));
      }
      return;
    }
    metrics.countForwarded(task);
    String nextTopic = topics.tasks(next.queue());
    pending.add(producer.send(new ProducerRecord<>(nextTopic, next.taskId(), value),
        (metadata, error) -> {
          if (error != null) {
            log.error("Failed to send task {} on to stage {} in topic {}", task.taskId(),
                next.stage(), nextTopic, error);
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
