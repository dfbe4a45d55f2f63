package io.workerpool.protocol;

import java.time.Instant;

/**
 * A request to end a job everywhere, on the cancels topic: the distributed form of cancelling a
 * shared context. Every process reads every cancel. The first cancel of a job on the topic
 * decides its outcome; later ones change nothing.
 *
 * @param version message version
 * @param jobId the job to cancel, also the record key
 * @param reason why the job is cancelled
 * @param error the error to report in the job's outcome
 * @param origin the process or client that sent the cancel, for example {@code worker-host-42}
 * @param cancelledAt when the cancel was sent
 * @param deadline the job's deadline when the sender has it, else null; readers may forget the
 *     cancel once the deadline has passed, because no task of the job runs after it
 */
public record Cancel(
    int version,
    String jobId,
    CancelReason reason,
    JobError error,
    String origin,
    Instant cancelledAt,
    Instant deadline) {

  public Cancel {
    JobIds.requireValid(jobId);
    Messages.requireField(reason, "reason");
    Messages.requireField(error, "error");
    Messages.requireField(origin, "origin");
    Messages.requireField(cancelledAt, "cancelledAt");
  }

  public static Cancel of(
      String jobId, CancelReason reason, JobError error, String origin, Instant cancelledAt,
      Instant deadline) {
    return new Cancel(MessageCodec.VERSION, jobId, reason, error, origin, cancelledAt, deadline);
  }

  /** The cause of a cancel. Each reason maps to one final job status. */
  public enum CancelReason {
    /** A task, the listing or the reduction failed: the job ends FAILED. */
    FAILED(JobStatus.FAILED),
    /** A client asked: the job ends CANCELLED. */
    CLIENT(JobStatus.CANCELLED),
    /** The deadline passed: the job ends TIMED_OUT. */
    DEADLINE(JobStatus.TIMED_OUT),
    /**
     * The job is complete before all its tasks ran: its first result in a FIRST job, or its
     * count of results in a TAKE job. The reducer sends it after the SUCCEEDED outcome, so the
     * producer stops listing and workers drop the tasks left.
     */
    COMPLETED(JobStatus.SUCCEEDED);

    private final JobStatus outcomeStatus;

    CancelReason(JobStatus outcomeStatus) {
      this.outcomeStatus = outcomeStatus;
    }

    public JobStatus outcomeStatus() {
      return outcomeStatus;
    }
  }
}
