package io.workerpool.worker;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Durations;
import io.workerpool.core.config.Settings;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.protocol.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The worker's own settings.
 *
 * @param queue the queue of chained jobs' stages this worker serves, from {@code WORKER_QUEUE};
 *     null (the default, an empty value) for the shared tasks topic
 * @param groupId the share group that workers read tasks in, from {@code WORKER_GROUP_ID}
 *     (default: the topic prefix followed by {@code workers}, or by {@code workers.QUEUE} for a
 *     worker of a queue, so each queue's workers share its tasks among themselves only)
 * @param concurrency how many tasks one worker runs at once, from {@code WORKER_CONCURRENCY}
 *     (default 8)
 * @param consumers how many share consumers feed the task threads, from {@code WORKER_CONSUMERS}
 *     (default 2). While one consumer waits for its tasks' results to be stored, another polls.
 * @param pollRecords how many tasks one consumer's poll takes at most, from
 *     {@code WORKER_POLL_RECORDS} (default four times the concurrency). A consumer acknowledges
 *     a poll's tasks once the last of them ends, which must happen before their record lock
 *     (30 s by default) runs out, or the broker hands the rest to another worker and they run
 *     twice. Each share fetch costs several milliseconds on the broker, so short tasks run much
 *     faster with a larger poll, and a smaller poll suits tasks of several seconds.
 * @param retries how often and how far apart a retriable task failure is retried, from
 *     {@code WORKER_TASK_ATTEMPTS} and {@code WORKER_RETRY_BACKOFF}
 * @param recordLock the share group's record lock, from {@code WORKER_RECORD_LOCK} (default
 *     30 s). The worker sets it as the group's {@code share.record.lock.duration.ms} and renews
 *     the locks of a poll's unfinished tasks every third of it.
 */
record WorkerSettings(String queue, String groupId, int concurrency, int consumers,
    int pollRecords, RetryPolicy retries, Duration recordLock) {

  /** Kafka's default {@code share.record.lock.duration.ms}. */
  static final Duration DEFAULT_RECORD_LOCK = Duration.ofSeconds(30);

  /** The shortest {@code WORKER_RECORD_LOCK}: renewing every third of it must stay practical. */
  static final Duration MIN_RECORD_LOCK = Duration.ofSeconds(1);

  /** The largest {@code WORKER_CONCURRENCY}: one thread per task, so a few thousand at most. */
  static final int MAX_CONCURRENCY = 10_000;

  /** Four tasks per thread: a poll's tasks take four rounds of the worker's threads. */
  static int defaultPollRecords(int concurrency) {
    return 4 * concurrency;
  }

  static WorkerSettings from(Settings settings) {
    int concurrency = settings.positiveInt("WORKER_CONCURRENCY", 8);
    if (concurrency > MAX_CONCURRENCY) {
      throw new ConfigException("invalid WORKER_CONCURRENCY " + concurrency + ": expected at most "
          + MAX_CONCURRENCY + " tasks at once per worker; run more workers instead");
    }
    Duration recordLock = settings.duration("WORKER_RECORD_LOCK", DEFAULT_RECORD_LOCK);
    if (recordLock.compareTo(MIN_RECORD_LOCK) < 0) {
      throw new ConfigException("invalid WORKER_RECORD_LOCK " + Durations.format(recordLock)
          + ": expected at least " + Durations.format(MIN_RECORD_LOCK)
          + "; Kafka's brokers allow 15s to 60s by default");
    }
    String queue = queue(settings);
    return new WorkerSettings(
        queue,
        settings.string("WORKER_GROUP_ID", PoolSettings.from(settings)
            .defaultGroupId(queue == null ? "workers" : "workers." + queue)),
        concurrency,
        settings.positiveInt("WORKER_CONSUMERS", 2),
        settings.positiveInt("WORKER_POLL_RECORDS", defaultPollRecords(concurrency)),
        new RetryPolicy(
            settings.positiveInt("WORKER_TASK_ATTEMPTS", RetryPolicy.DEFAULT.maxAttempts()),
            settings.duration("WORKER_RETRY_BACKOFF", RetryPolicy.DEFAULT.firstBackoff())),
        recordLock);
  }

  private static String queue(Settings settings) {
    String queue = settings.string("WORKER_QUEUE", "");
    if (queue.isEmpty()) {
      return null;
    }
    try {
      return Topics.requireValidQueue(queue);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("invalid WORKER_QUEUE: " + e.getMessage()
          + "; leave it empty for the shared tasks topic");
    }
  }

  /** Returns the topic this worker reads tasks from: its queue's, or the shared tasks topic. */
  String tasksTopic(Topics topics) {
    return topics.tasks(queue);
  }

  /**
   * Takes at most {@code pollRecords} tasks per fetch, so tasks spread across workers instead of
   * one worker taking a whole batch, and acknowledges each task on its own.
   */
  Map<String, Object> shareConsumerOverrides() {
    return Map.of(
        ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
        ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, pollRecords);
  }
}
