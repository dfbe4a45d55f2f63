package io.workerpool.protocol;

/**
 * Names of the topics that connect the roles. All names share a prefix, so several pools can
 * use one cluster.
 *
 * @param prefix the prefix, for example {@code workerpool.}
 */
public record Topics(String prefix) {

  public static final String DEFAULT_PREFIX = "workerpool.";

  public Topics {
    if (prefix == null || !prefix.matches("[A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("invalid topic prefix '" + prefix
          + "': use letters, digits, '.', '_' or '-', for example 'workerpool.'");
    }
  }

  public static Topics withDefaultPrefix() {
    return new Topics(DEFAULT_PREFIX);
  }

  /** Jobs submitted by clients: {@link JobRequest}. */
  public String jobs() {
    return prefix + "jobs";
  }

  /** Tasks listed by the producer: {@link Task}. */
  public String tasks() {
    return prefix + "tasks";
  }

  /**
   * Tasks of a chained job's stage that names a queue, for the workers started with
   * {@code WORKER_QUEUE} set to it; null or empty names the shared {@link #tasks()} topic.
   */
  public String tasks(String queue) {
    return queue == null || queue.isEmpty() ? tasks() : tasks() + "." + requireValidQueue(queue);
  }

  /**
   * Returns {@code queue} when it is a valid queue name.
   *
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static String requireValidQueue(String queue) {
    if (queue == null || !queue.matches("[A-Za-z0-9_-]{1,100}")) {
      throw new IllegalArgumentException("invalid queue name '" + queue + "': use 1 to 100 "
          + "letters, digits, '_' or '-', for example 'multiply'");
    }
    return queue;
  }

  /**
   * Checks an optional queue name, as in a job, a task or a stage, where null means the shared
   * tasks topic.
   *
   * @throws IllegalArgumentException naming the value when it is not null and not valid
   */
  static void requireValidQueueOrNull(String queue) {
    if (queue != null) {
      requireValidQueue(queue);
    }
  }

  /** Task results and listing reports: {@link JobEvent}. */
  public String results() {
    return prefix + "results";
  }

  /** Cancels, read by every process: {@link Cancel}. */
  public String cancels() {
    return prefix + "cancels";
  }

  /** Job outcomes published by the reducer: {@link JobOutcome}. */
  public String outcomes() {
    return prefix + "outcomes";
  }

  /**
   * The reducer's progress records of each job, for {@code workerpool status} and the progress
   * bar of {@code workerpool submit}: {@link JobProgress}.
   */
  public String progress() {
    return prefix + "progress";
  }

  /**
   * Records that no role could read, copied with the reason and their source topic, partition
   * and offset in headers; see {@code io.workerpool.core.kafka.DeadLetters}.
   */
  public String deadLetters() {
    return prefix + "dead-letters";
  }
}
