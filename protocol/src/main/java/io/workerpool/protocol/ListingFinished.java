package io.workerpool.protocol;

/**
 * The producer's report that it listed all of a job's tasks, or stopped listing them.
 *
 * @param version message version
 * @param jobId the job, also the record key
 * @param type the job type, or null when the job message could not be read
 * @param listed how many tasks the producer sent for the job
 * @param status whether the listing completed, stopped on a cancel, or failed
 */
public record ListingFinished(
    int version, String jobId, String type, long listed, ListingStatus status)
    implements JobEvent {

  public ListingFinished {
    JobIds.requireValid(jobId);
    Messages.requireField(status, "status");
    if (listed < 0) {
      throw new IllegalArgumentException("field 'listed' is negative: " + listed);
    }
  }

  public static ListingFinished of(String jobId, String type, long listed, ListingStatus status) {
    return new ListingFinished(MessageCodec.VERSION, jobId, type, listed, status);
  }

  /** The way a listing ended. */
  public enum ListingStatus {
    /** Every task of the job was listed. */
    COMPLETE,
    /** Listing stopped early because the job was cancelled or passed its deadline. */
    STOPPED,
    /** Listing failed; the producer also cancels the job with the error. */
    FAILED
  }
}
