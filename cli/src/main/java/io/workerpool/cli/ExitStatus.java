package io.workerpool.cli;

import io.workerpool.protocol.JobStatus;

/** Exit statuses of the commands that wait for a job's outcome or look up its progress. */
final class ExitStatus {

  static final int SUCCEEDED = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int CANCELLED = 3;
  static final int TIMED_OUT = 4;
  static final int NO_OUTCOME = 5;
  static final int KAFKA_UNAVAILABLE = 6;
  static final int ACCESS_DENIED = 7;
  /** {@code status} found no progress record of the job. */
  static final int NOT_FOUND = 8;

  private ExitStatus() {}

  static int of(JobStatus status) {
    return switch (status) {
      case SUCCEEDED -> SUCCEEDED;
      case FAILED -> FAILED;
      case CANCELLED -> CANCELLED;
      case TIMED_OUT -> TIMED_OUT;
    };
  }
}
