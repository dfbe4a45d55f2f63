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
import io.workerpool.protocol.JobProgress;
import io.workerpool.protocol.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
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
 * <p>A job's state lives in memory, and is rebuilt from Kafka: the reducer commits no offset
 * past the first record of a job whose outcome is not stored yet ({@link HeldOffsets}). A
 * reducer that restarts, or takes over a partition from another, reads those records again.
 * Before it does, it reads the outcomes published since then ({@link OutcomeHistory}), so a job
 * that finished meanwhile gets no second outcome.
 */
final class ReducerService implements ServiceRunner.Service, ReducerOutput {

  private static final Logger log = LoggerFactory.getLogger(ReducerService.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
  /**
   * How far before a committed offset's time the outcomes are read, for reducers whose clocks
   * disagree. Outcome records carry their sender's clock.
   */
  static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(5);
  private static final Duration HISTORY_TIMEOUT = Duration.ofMinutes(2);
  /**
   * How often the loop commits offsets that moved. A reducer that crashes reads up to this
   * interval's records again, which is safe because a replayed result counts once.
   */
  private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);

  private final RoleRuntime runtime;
  private final KafkaConsumer<String, byte[]> consumer;
  private final CommitFailureLog commitFailures;
  private final KafkaProducer<String, byte[]> producer;
  private final Queue<Cancel> cancels = new ConcurrentLinkedQueue<>();
  private final JobReducer reducer;
  private final OutcomeSizeLimit outcomeLimit;
  private final ProgressPublisher progress;
  /**
   * Sends that follow a stored or rejected outcome. Send callbacks run on the Kafka producer's
   * network thread, and a send from there waits for topic metadata that only that thread can
   * fetch, so the reducer's thread makes these sends.
   */
  private final Queue<Runnable> afterOutcomeSends = new ConcurrentLinkedQueue<>();
  private final AtomicInteger activeJobs = new AtomicInteger();
  private final HeldOffsets heldOffsets = new HeldOffsets();
  private final CommitSchedule commits = new CommitSchedule(COMMIT_INTERVAL);
  /** Jobs whose outcome is sent but not yet stored; written by the producer's callbacks. */
  private final Set<String> publishing = ConcurrentHashMap.newKeySet();
  private final List<Future<RecordMetadata>> deadLetters = new ArrayList<>();
  private final Map<TopicPartition, Long> catchUpEnds = new HashMap<>();
  private final Duration finishedRetention;
  private volatile boolean running = true;

  ReducerService(RoleRuntime runtime, ReducerSettings settings,
      io.workerpool.core.job.JobHandlers handlers) {
    this.runtime = runtime;
    this.finishedRetention = settings.finishedRetention();
    this.consumer = runtime.clients().newConsumer("reducer", settings.groupId());
    this.commitFailures = new CommitFailureLog(settings.groupId());
    this.producer = runtime.producer();
    this.reducer = new JobReducer(handlers, this, runtime.clock(), settings, runtime.identity(),
        runtime.cancels()::find);
    this.outcomeLimit = OutcomeSizeLimit.from(runtime.settings(), runtime.identity());
    this.progress = new ProgressPublisher(producer, runtime.topics().progress());
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
      consumer.subscribe(List.of(runtime.topics().jobs(), runtime.topics().results()),
          new Rebalance());
      while (running) {
        try {
          runOnce();
        } catch (WakeupException e) {
          // A cancel or a stop woke the consumer inside a call other than poll, such as a
          // position lookup after the cluster came back. The next turn handles both.
        }
      }
      producer.flush();
      runAfterOutcomeSends();
      producer.flush();
      commitBeforeHandingOver(consumer.assignment());
    } finally {
      consumer.close();
    }
  }

  private void runOnce() {
    pollOnce();
    runAfterOutcomeSends();
    for (Cancel cancel = cancels.poll(); cancel != null; cancel = cancels.poll()) {
      reducer.onCancel(cancel);
    }
    updateCatchingUp();
    reducer.checkTimers();
    activeJobs.set(reducer.activeJobs());
    commitMovedOffsets();
  }

  private void commitMovedOffsets() {
    Instant now = runtime.clock().instant();
    if (!commits.isDue(now) || !deadLettersStored()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> moved =
        commits.take(offsetsToCommit(consumer.assignment()), now);
    if (!moved.isEmpty()) {
      consumer.commitAsync(moved, (offsets, error) -> {
        if (error != null) {
          commits.failed(offsets.keySet());
        }
        commitFailures.onComplete(offsets, error);
      });
    }
  }

  private void runAfterOutcomeSends() {
    for (Runnable send = afterOutcomeSends.poll(); send != null; send = afterOutcomeSends.poll()) {
      send.run();
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

  private Map<TopicPartition, OffsetAndMetadata> offsetsToCommit(
      Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (TopicPartition partition : partitions) {
      positions.put(partition, consumer.position(partition));
    }
    return heldOffsets.offsetsToCommit(positions,
        jobId -> reducer.isActive(jobId) || publishing.contains(jobId), runtime.clock().instant());
  }

  /** Tells whether every dead-letter copy sent so far is stored, so offsets may pass them. */
  private boolean deadLettersStored() {
    deadLetters.removeIf(Future::isDone);
    return deadLetters.isEmpty();
  }

  /** Ends catching up once the reducer has read every partition up to its end at assignment. */
  private void updateCatchingUp() {
    if (catchUpEnds.isEmpty()) {
      return;
    }
    catchUpEnds.entrySet().removeIf(end -> !consumer.assignment().contains(end.getKey())
        || consumer.position(end.getKey()) >= end.getValue());
    if (catchUpEnds.isEmpty()) {
      log.info("Caught up with the records of its partitions; {} unfinished jobs",
          reducer.activeJobs());
      reducer.setCatchingUp(false);
    }
  }

  /** Rebuilds the state of the jobs on partitions this reducer takes, and hands over the rest. */
  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      producer.flush();
      commitBeforeHandingOver(partitions);
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        heldOffsets.jobsOn(partition).forEach(reducer::forget);
        heldOffsets.jobsOn(partition).forEach(progress::forget);
        heldOffsets.releasePartition(partition);
        commits.forget(partition);
        catchUpEnds.remove(partition);
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> committed = committed(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      // Finished jobs are remembered for the retention, so a reused id is rejected as before.
      Instant since = runtime.clock().instant().minus(finishedRetention);
      for (TopicPartition partition : partitions) {
        Instant partitionSince = HeldOffsets.outcomesSince(committed.get(partition))
            .orElse(Instant.EPOCH);
        heldOffsets.inherit(partition, partitionSince, ends.get(partition));
        Instant withSkew = partitionSince.equals(Instant.EPOCH)
            ? partitionSince : partitionSince.minus(CLOCK_SKEW_ALLOWANCE);
        since = withSkew.isBefore(since) ? withSkew : since;
      }
      readOutcomeHistory(since);
      catchUpEnds.putAll(ends);
      reducer.setCatchingUp(true);
      log.info("Took partitions {}; reading the records of their unfinished jobs again",
          partitions);
    }
  }

  /**
   * Reads the committed offsets. A cancel may wake the consumer meanwhile; the wake-up is used
   * up by the first call, so the second one reads them.
   */
  private Map<TopicPartition, OffsetAndMetadata> committed(Collection<TopicPartition> partitions) {
    try {
      return consumer.committed(Set.copyOf(partitions));
    } catch (WakeupException e) {
      return consumer.committed(Set.copyOf(partitions));
    }
  }

  /** Commits synchronously what the reducer may commit; callers flush the producer first. */
  private void commitBeforeHandingOver(Collection<TopicPartition> partitions) {
    try {
      try {
        consumer.commitSync(offsetsToCommit(partitions));
      } catch (WakeupException e) {
        // A cancel woke the consumer; the loop applies it. The wake-up is used up, so retry.
        consumer.commitSync(offsetsToCommit(partitions));
      }
    } catch (RuntimeException e) {
      log.warn("Could not commit the offsets of {}; the next reducer reads more of their "
          + "records again: {}", partitions, e.toString());
    }
  }

  private void readOutcomeHistory(Instant since) {
    try (KafkaConsumer<String, byte[]> reader =
        runtime.clients().newConsumer("outcome-history", null)) {
      int read = new OutcomeHistory(reader, runtime.topics().outcomes())
          .read(since, HISTORY_TIMEOUT, reducer::rememberOutcome);
      log.info("Read {} outcomes published since {}", read, since);
    }
  }

  /** Applies one record; a record that breaks the reducer's logic is logged and skipped. */
  private void handle(ConsumerRecord<String, byte[]> record) {
    if (record.key() != null) {
      heldOffsets.hold(new TopicPartition(record.topic(), record.partition()), record.key(),
          record.offset(), runtime.clock().instant());
    }
    try {
      if (record.topic().equals(runtime.topics().jobs())) {
        reducer.onJobRecord(record.key(), record.value());
      } else {
        String unreadable = reducer.onResultRecord(record.key(), record.value());
        if (unreadable != null) {
          deadLetters.add(runtime.deadLetters().send(record, unreadable));
          reducer.onUnreadableResult(record.key(), record.topic() + "-" + record.partition()
              + " offset " + record.offset(), unreadable);
        }
      }
    } catch (RuntimeException e) {
      log.error("Skipped the record at {}-{} offset {} (key {}) that failed to apply",
          record.topic(), record.partition(), record.offset(), record.key(), e);
    }
  }

  @Override
  public void publishOutcome(JobOutcome outcome, JobProgress finalProgress) {
    JobOutcome checked = outcomeLimit.enforce(outcome);
    if (checked != outcome) {
      log.warn("Job {} ends FAILED instead: {}", outcome.jobId(), checked.error().message());
    }
    recordMetrics(checked);
    publishing.add(outcome.jobId());
    send(checked, matching(finalProgress, checked), true);
  }

  /** Returns the final progress with the status, counts and error of the outcome sent. */
  private static JobProgress matching(JobProgress finalProgress, JobOutcome sent) {
    return finalProgress == null ? null
        : JobProgress.finished(sent, finalProgress.listingFinished(), finalProgress.deadline());
  }

  @Override
  public void publishProgress(JobProgress update) {
    progress.publish(update);
  }

  /**
   * Sends an outcome, then its final progress once the outcome is stored. When the broker
   * rejects the outcome as too large, because the topic's or the client's limit is below
   * {@value OutcomeSizeLimit#SETTING}, the FAILED replacement is sent.
   */
  private void send(JobOutcome outcome, JobProgress finalProgress, boolean replaceIfTooLarge) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(runtime.topics().outcomes(),
        outcome.jobId(), MessageCodec.encode(outcome));
    if (outcome.submittedAt() != null) {
      record.headers().add(OutcomeHistory.SUBMITTED_AT_HEADER,
          outcome.submittedAt().toString().getBytes(StandardCharsets.UTF_8));
    }
    producer.send(record, (metadata, error) -> {
          if (error == null) {
            publishing.remove(outcome.jobId());
            if (finalProgress != null) {
              afterOutcomeSends.add(() -> progress.publish(finalProgress));
            }
            return;
          }
          if (replaceIfTooLarge && error instanceof RecordTooLargeException) {
            String message = "Kafka rejected the " + outcome.status() + " outcome of job "
                + outcome.jobId() + " as too large (" + error.getMessage() + "): lower "
                + OutcomeSizeLimit.SETTING + " below the outcomes topic's max.message.bytes "
                + "and KAFKA_MAX_REQUEST_SIZE";
            log.warn("Job {} ends FAILED instead: {}", outcome.jobId(), message);
            JobOutcome replacement = outcomeLimit.replace(outcome, message);
            afterOutcomeSends.add(
                () -> send(replacement, matching(finalProgress, replacement), false));
            return;
          }
          log.error("Failed to publish the outcome of job {}; its records stay uncommitted, so "
              + "a restarted reducer publishes it", outcome.jobId(), error);
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
