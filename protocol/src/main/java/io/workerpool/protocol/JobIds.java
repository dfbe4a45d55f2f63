package io.workerpool.protocol;

import java.util.UUID;
import java.util.regex.Pattern;

/** Creates and checks job ids and derives task ids from them. */
public final class JobIds {

  /** Longest accepted job id, in characters. */
  public static final int MAX_LENGTH = 128;

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

  private JobIds() {}

  /** Returns a new random job id. */
  public static String newJobId() {
    return UUID.randomUUID().toString();
  }

  /** Returns whether {@code jobId} is a valid job id. */
  public static boolean isValid(String jobId) {
    return jobId != null && VALID.matcher(jobId).matches();
  }

  /**
   * Returns {@code jobId} when it is valid.
   *
   * @throws IllegalArgumentException naming the value when it is null, empty, too long or
   *     contains characters other than letters, digits, '.', '_' and '-'
   */
  public static String requireValid(String jobId) {
    if (jobId == null) {
      throw new IllegalArgumentException("missing field 'jobId'");
    }
    if (!VALID.matcher(jobId).matches()) {
      throw new IllegalArgumentException("invalid job id '" + jobId + "': use 1 to " + MAX_LENGTH
          + " letters, digits, '.', '_' or '-'");
    }
    return jobId;
  }

  /** Returns the job id in a task id made by {@link #taskId}, or null when there is none. */
  public static String jobIdOfTask(String taskId) {
    int separator = taskId == null ? -1 : taskId.lastIndexOf('#');
    if (separator <= 0) {
      return null;
    }
    String jobId = taskId.substring(0, separator);
    return isValid(jobId) ? jobId : null;
  }

  /**
   * Returns the id of the task at {@code sequence} in the job's listing. Task ids are
   * deterministic, so listing a job again yields the same ids.
   */
  public static String taskId(String jobId, long sequence) {
    return jobId + "#" + sequence;
  }
}
