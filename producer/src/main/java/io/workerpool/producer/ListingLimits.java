package io.workerpool.producer;

import io.workerpool.core.config.Settings;
import io.workerpool.core.config.SizeLimit;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.Completion.Mode;

/**
 * Limits that keep one job from exhausting the pool.
 *
 * @param maxTasksPerJob the most tasks one job may list, from {@value #MAX_TASKS_SETTING}
 *     (default {@value #DEFAULT_MAX_TASKS}). A job that lists more fails with a LIST error, and
 *     the tasks listed before are skipped.
 * @param maxJobBytes the largest job message accepted, in bytes, from
 *     {@value #MAX_JOB_BYTES_SETTING} (default {@value #DEFAULT_MAX_JOB_BYTES}). A larger one
 *     fails with a SUBMIT error before its JSON is parsed.
 */
record ListingLimits(int maxTasksPerJob, SizeLimit maxJobBytes) {

  static final String MAX_TASKS_SETTING = "PRODUCER_MAX_TASKS_PER_JOB";
  static final String MAX_JOB_BYTES_SETTING = "PRODUCER_MAX_JOB_BYTES";
  static final int DEFAULT_MAX_TASKS = 100_000;
  static final int DEFAULT_MAX_JOB_BYTES = 65_536;

  /** Limits high enough for every job of the bundled dataset. */
  static final ListingLimits DEFAULT = new ListingLimits(DEFAULT_MAX_TASKS, DEFAULT_MAX_JOB_BYTES);

  ListingLimits(int maxTasksPerJob, int maxJobBytes) {
    this(maxTasksPerJob, new SizeLimit(MAX_JOB_BYTES_SETTING, maxJobBytes));
  }

  static ListingLimits from(Settings settings) {
    return new ListingLimits(
        settings.positiveInt(MAX_TASKS_SETTING, DEFAULT_MAX_TASKS),
        SizeLimit.from(settings, MAX_JOB_BYTES_SETTING, DEFAULT_MAX_JOB_BYTES));
  }

  /** Returns why a job message of {@code size} bytes is rejected, or null when it fits. */
  String checkJobSize(int size) {
    if (maxJobBytes.allows(size)) {
      return null;
    }
    return maxJobBytes.describeExcess("the job message", size)
        + ": send smaller job parameters or raise " + MAX_JOB_BYTES_SETTING;
  }

  /**
   * Returns why a job with this completion is rejected: a TAKE count above
   * {@link #maxTasksPerJob}, which the job could never reach. Returns null when it fits.
   */
  String checkTakeCount(Completion completion) {
    if (completion.mode() != Mode.TAKE || completion.count() <= maxTasksPerJob) {
      return null;
    }
    return "completion TAKE count " + completion.count() + " is more than the "
        + maxTasksPerJob + " tasks one job may list (" + MAX_TASKS_SETTING + "): take at most "
        + maxTasksPerJob + " or raise " + MAX_TASKS_SETTING;
  }

  /** Returns the LIST error of a job that tries to list more than {@link #maxTasksPerJob}. */
  String tooManyTasks() {
    return "the job lists more than " + maxTasksPerJob + " tasks, the limit set by "
        + MAX_TASKS_SETTING + ": split the job or raise " + MAX_TASKS_SETTING;
  }
}
