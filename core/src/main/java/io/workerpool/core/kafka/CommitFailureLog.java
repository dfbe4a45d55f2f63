package io.workerpool.core.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback of a consumer loop that commits asynchronously on every pass. It logs the first
 * failure of a streak as one warning line without a stack trace, counts the rest, and logs one
 * line when a commit succeeds again. Kafka's default callback would log each failure with its
 * stack trace, every pass of the loop, while a broker is down or a coordinator moves. A later
 * commit covers the offsets of a failed one, so a failure loses nothing while the loop runs.
 * Call it from the consumer's thread only, as Kafka does.
 */
public final class CommitFailureLog implements OffsetCommitCallback {

  private static final Logger log = LoggerFactory.getLogger(CommitFailureLog.class);

  private final String groupId;
  private long failures;
  private long firstFailureNanos;

  public CommitFailureLog(String groupId) {
    this.groupId = groupId;
  }

  @Override
  public void onComplete(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error) {
    if (error == null) {
      if (failures > 0) {
        log.info("Offset commits of group {} succeed again after {} failed commits in {} s",
            groupId, failures,
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - firstFailureNanos));
        failures = 0;
      }
      return;
    }
    if (failures == 0) {
      firstFailureNanos = System.nanoTime();
      log.warn("Failed to commit offsets of group {} ({}: {}); the next commits retry them, "
          + "and further failures are counted until one succeeds", groupId,
          error.getClass().getSimpleName(), error.getMessage());
    }
    failures++;
  }

  /** Returns how many commits have failed since the last one that succeeded. */
  public long failures() {
    return failures;
  }
}
