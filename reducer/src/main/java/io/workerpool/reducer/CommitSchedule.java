package io.workerpool.reducer;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The schedule of the reducer's offset commits: at most one per interval, with only the
 * partitions whose offset moved since the last commit. A big job keeps its partition's offset
 * at the job's first record until its outcome is stored, and committing that same offset on
 * every poll cost the broker about 0.46 offset records per task in the no-op benchmark. Not
 * thread-safe, because the reducer's thread alone calls it.
 */
final class CommitSchedule {

  private final Duration interval;
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private Instant lastCommit = Instant.MIN;

  CommitSchedule(Duration interval) {
    this.interval = interval;
  }

  /** Tells whether the interval since the last commit has passed. */
  boolean isDue(Instant now) {
    return !now.isBefore(lastCommit.plus(interval));
  }

  /**
   * Returns the offsets that differ from the last ones committed, and records them as
   * committed at {@code now}. A failed commit must be reported with {@link #failed}.
   */
  Map<TopicPartition, OffsetAndMetadata> take(Map<TopicPartition, OffsetAndMetadata> offsets,
      Instant now) {
    lastCommit = now;
    Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
    offsets.forEach((partition, offset) -> {
      Long previous = committed.put(partition, offset.offset());
      if (previous == null || previous != offset.offset()) {
        moved.put(partition, offset);
      }
    });
    return moved;
  }

  /** Forgets the offsets of a failed commit, so the next commit sends them again. */
  void failed(Collection<TopicPartition> partitions) {
    partitions.forEach(committed::remove);
  }

  /** Forgets a partition this reducer no longer reads. */
  void forget(TopicPartition partition) {
    committed.remove(partition);
  }
}
