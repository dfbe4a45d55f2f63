package io.workerpool.reducer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.workerpool.core.kafka.CommitFailureLog;
import io.workerpool.core.runtime.RoleRuntime;
import io.workerpool.core.runtime.ServiceRunner;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.MessageCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reducer's loop. It reads the jobs and results topics in one consumer group. Both topics
 * are keyed by job id and have the same partition count, so one reducer receives all records of
 * a job. Cancels arrive from the cancel watcher's thread through a queue, and wake the loop so
 * a cancelled job ends without waiting for the next poll.
 *
 * <p>NOTE: a job's state lives in this process only. A reducer that restarts mid-job does not
 * rebuild the state of jobs whose records it already committed. Those jobs get no outcome, and
 * their clients report that none arrived.
 */
final class ReducerService implements ServiceRunner.Service, ReducerOutput {

  private static final Logger log = LoggerFactory.getLogger(ReducerService.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  private final RoleRuntime runtime;
  private final KafkaConsumer<String, byte[]> consumer;
  private final CommitFailureLog commitFailures;
  private final KafkaProducer<String, byte[]> producer;
  private final Queue<Cancel> cancels = new ConcurrentLinkedQueue<>();
  private final JobReducer reducer;
  private final OutcomeSizeLimit outcomeLimit;
  private final AtomicInteger activeJobs = new AtomicInteger();
  private volatile boolean running = true;

  ReducerService(RoleRuntime runtime, ReducerSettings settings,
      io.workerpool.core.job.JobHandlers handlers) {
    this.runtime = runtime;
    this.consumer = runtime.clients().newConsumer("reducer", settings.groupId());
    this.commitFailures = new CommitFailureLog(settings.groupId());
    this.producer = runtime.producer();
    this.reducer = new JobReducer(handlers, this, runtime.clock(), settings, runtime.identity());
    this.outcomeLimit = OutcomeSizeLimit.from(runtime.settings(), runtime.identity());
    new KafkaClientMetrics(consumer).bindTo(runtime.meters());
    Gauge.builder("workerpool.jobs.active", activeJobs, AtomicInteger::get)
        .description("Jobs this reducer tracks that have no outcome yet")
        .register(runtime.meters());
    runtime.cancels().addListener(cancel -> {
      cancels.add(cancel);
      consumer.wakeup();
    });
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(runtime.topics().jobs(), runtime.topics().results()));
      while (running) {
        pollOnce();
        for (Cancel cancel = cancels.poll(); cancel != null; cancel = cancels.poll()) {
          reducer.onCancel(cancel);
        }
        reducer.checkTimers();
        activeJobs.set(reducer.activeJobs());
        consumer.commitAsync(commitFailures);
      }
    } finally {
      consumer.close();
    }
  }

  private void pollOnce() {
    try {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
        handle(record);
      }
    } catch (WakeupException e) {
      // A cancel arrived, or the reducer is stopping: the loop handles both.
    }
  }

  /** Applies one record; a record that breaks the reducer's logic is logged and skipped. */
  private void handle(ConsumerRecord<String, byte[]> record) {
    try {
      if (record.topic().equals(runtime.topics().jobs())) {
        reducer.onJobRecord(record.key(), record.value());
      } else {
        String unreadable = reducer.onResultRecord(record.key(), record.value());
        if (unreadable != null) {
          runtime.deadLetters().send(record, unreadable);
        }
      }
    } catch (RuntimeException e) {
      log.error("Skipped the record at {}-{} offset {} (key {}) that failed to apply",
          record.topic(), record.partition(), record.offset(), record.key(), e);
    }
  }

  @Override
  public void publishOutcome(JobOutcome outcome) {
    JobOutcome checked = outcomeLimit.enforce(outcome);
    if (checked != outcome) {
      log.warn("Job {} ends FAILED instead: {}", outcome.jobId(), checked.error().message());
    }
    recordMetrics(checked);
    send(checked, true);
  }

  /**
   * Sends an outcome. When the broker rejects it as too large, because the topic's or the
   * client's limit is below {@value OutcomeSizeLimit#SETTING}, the FAILED replacement is sent.
   */
  private void send(JobOutcome outcome, boolean replaceIfTooLarge) {
    producer.send(new ProducerRecord<>(runtime.topics().outcomes(), outcome.jobId(),
        MessageCodec.encode(outcome)), (metadata, error) -> {
          if (error == null) {
            return;
          }
          if (replaceIfTooLarge && error instanceof RecordTooLargeException) {
            String message = "Kafka rejected the " + outcome.status() + " outcome of job "
                + outcome.jobId() + " as too large (" + error.getMessage() + "): lower "
                + OutcomeSizeLimit.SETTING + " below the outcomes topic's max.message.bytes "
                + "and KAFKA_MAX_REQUEST_SIZE";
            log.warn("Job {} ends FAILED instead: {}", outcome.jobId(), message);
            send(outcomeLimit.replace(outcome, message), false);
            return;
          }
          log.error("Failed to publish the outcome of job {}", outcome.jobId(), error);
        });
  }

  private void recordMetrics(JobOutcome outcome) {
    Counter.builder("workerpool.jobs.finished")
        .description("Jobs that ended, by final status")
        .tag("status", outcome.status().name())
        .register(runtime.meters())
        .increment();
    if (outcome.submittedAt() != null) {
      Timer.builder("workerpool.job.duration")
          .description("Time from a job's submission to its outcome")
          .tag("status", outcome.status().name())
          .register(runtime.meters())
          .record(Duration.between(outcome.submittedAt(), outcome.finishedAt()));
    }
  }

  @Override
  public void cancel(Cancel cancel) {
    runtime.cancelPublisher().publish(cancel);
  }

  @Override
  public void stop() {
    running = false;
    consumer.wakeup();
  }
}
