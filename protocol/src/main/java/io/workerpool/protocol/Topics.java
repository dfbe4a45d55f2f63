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
   * Records that no role could read, copied with the reason and their source topic, partition
   * and offset in headers; see {@code io.workerpool.core.kafka.DeadLetters}.
   */
  public String deadLetters() {
    return prefix + "dead-letters";
  }
}
