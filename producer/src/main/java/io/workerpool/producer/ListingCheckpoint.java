package io.workerpool.producer;

import io.workerpool.protocol.JobIds;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the listing of one job got: the tasks 0 to {@code listed - 1} of the submission
 * {@code jobId} at {@code submittedAt} are stored on the tasks topic. The producer commits it as
 * the metadata of the job record's own offset, so a producer that takes over the partition
 * resumes the listing at task {@code listed} instead of sending every task again.
 *
 * <p>The metadata reads {@code listed=K;job=JOB_ID;submittedAt=INSTANT}. Job ids contain no
 * {@code ;} or {@code =}, so the fields split without escaping. It takes at most about 200
 * bytes, well under the 4,096 bytes that Kafka brokers accept by default
 * ({@code offset.metadata.max.bytes}).
 */
record ListingCheckpoint(String jobId, Instant submittedAt, long listed) {

  private static final Logger log = LoggerFactory.getLogger(ListingCheckpoint.class);

  private static final String LISTED = "listed";
  private static final String JOB = "job";
  private static final String SUBMITTED_AT = "submittedAt";

  ListingCheckpoint {
    JobIds.requireValid(jobId);
    if (submittedAt == null) {
      throw new IllegalArgumentException("a listing checkpoint needs the job's submittedAt");
    }
    if (listed < 0) {
      throw new IllegalArgumentException("listed must be 0 or more, not " + listed);
    }
  }

  /** Encodes the checkpoint as offset commit metadata. */
  String toMetadata() {
    return LISTED + "=" + listed + ";" + JOB + "=" + jobId + ";" + SUBMITTED_AT + "="
        + submittedAt;
  }

  /** Returns true when the checkpoint belongs to the submission {@code jobId} at {@code at}. */
  boolean isFor(String jobId, Instant at) {
    return this.jobId.equals(jobId) && submittedAt.equals(at);
  }

  /**
   * Decodes offset commit metadata. Returns empty for empty metadata, which a job listed in full
   * leaves, and, with a warning, for metadata that is not a listing checkpoint, such as one a
   * tool committed to the producer group.
   *
   * @param source the committed offset that carries the metadata, for the warning
   */
  static Optional<ListingCheckpoint> fromMetadata(String metadata, String source) {
    if (metadata == null || metadata.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> fields = new HashMap<>();
    for (String field : metadata.split(";", -1)) {
      int equals = field.indexOf('=');
      if (equals <= 0 || fields.put(field.substring(0, equals), field.substring(equals + 1))
          != null) {
        return ignore(metadata, source, "field '" + field + "' is not a distinct key=value pair");
      }
    }
    if (!fields.keySet().equals(Map.of(LISTED, "", JOB, "", SUBMITTED_AT, "").keySet())) {
      return ignore(metadata, source, "its fields " + fields.keySet() + " are not "
          + LISTED + ", " + JOB + " and " + SUBMITTED_AT);
    }
    try {
      return Optional.of(new ListingCheckpoint(fields.get(JOB),
          Instant.parse(fields.get(SUBMITTED_AT)), Long.parseLong(fields.get(LISTED))));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return ignore(metadata, source, e.getMessage());
    }
  }

  private static Optional<ListingCheckpoint> ignore(String metadata, String source,
      String reason) {
    log.warn("Ignored the commit metadata '{}' of {} because it is not a listing checkpoint "
        + "({}); the job at that offset is listed from its first task", metadata, source, reason);
    return Optional.empty();
  }
}
