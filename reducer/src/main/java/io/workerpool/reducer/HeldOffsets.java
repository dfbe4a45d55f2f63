package io.workerpool.reducer;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets the reducer may commit. A job's state lives in memory, so the reducer commits no
 * offset past the first record of a job that has no stored outcome yet. A reducer that restarts,
 * or takes over the partition, then reads every record of such a job again and rebuilds its state.
 *
 * <p>Each committed offset carries, as its metadata, the time from which the outcomes topic must
 * be read to learn which of the jobs after that offset already have an outcome (see
 * {@link OutcomeHistory}).
 */
final class HeldOffsets {

  private static final String METADATA_PREFIX = "outcomes-since=";

  /** The first record of one job on one partition, and when this reducer read it. */
  private record Hold(long offset, Instant readAt) {}

  /**
   * The time a taken partition's committed offset named, for the records before {@code end},
   * which an earlier reducer read first.
   */
  private record Inherited(Instant since, long end) {}

  private final Map<TopicPartition, Map<String, Hold>> holds = new HashMap<>();
  private final Map<TopicPartition, Inherited> inherited = new HashMap<>();

  /**
   * Notes that the records of {@code partition} before {@code end} were first read by an earlier
   * reducer, no later than {@code since}. Holds on those records keep that time, so the next
   * reducer reads the outcomes from before this one took the partition.
   */
  void inherit(TopicPartition partition, Instant since, long end) {
    inherited.put(partition, new Inherited(since, end));
  }

  /** Keeps {@code offset} uncommitted for {@code jobId}, unless the job keeps an earlier one. */
  void hold(TopicPartition partition, String jobId, long offset, Instant readAt) {
    Inherited earlier = inherited.get(partition);
    Instant firstRead = earlier != null && offset < earlier.end()
        && earlier.since().isBefore(readAt) ? earlier.since() : readAt;
    holds.computeIfAbsent(partition, p -> new HashMap<>())
        .putIfAbsent(jobId, new Hold(offset, firstRead));
  }

  /** Forgets the kept offsets of a partition this reducer no longer reads. */
  void releasePartition(TopicPartition partition) {
    holds.remove(partition);
    inherited.remove(partition);
  }

  /** Returns the ids of jobs holding an offset of {@code partition}. */
  Iterable<String> jobsOn(TopicPartition partition) {
    return Map.copyOf(holds.getOrDefault(partition, Map.of())).keySet();
  }

  /**
   * Returns the offset to commit for each partition: the first record of the oldest job still
   * held, or the consumer's position when no job holds one.
   *
   * @param positions the consumer's position in each partition it reads
   * @param stillHeld tells whether a job still needs its records, because it is active or its
   *     outcome is not stored yet; jobs for which it is false are released here
   * @param now the time written as metadata when no job holds the partition
   */
  Map<TopicPartition, OffsetAndMetadata> offsetsToCommit(Map<TopicPartition, Long> positions,
      Predicate<String> stillHeld, Instant now) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    positions.forEach((partition, position) -> {
      Hold oldest = null;
      Map<String, Hold> held = holds.getOrDefault(partition, Map.of());
      for (Iterator<Map.Entry<String, Hold>> it = held.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Hold> entry = it.next();
        if (!stillHeld.test(entry.getKey())) {
          it.remove();
        } else if (oldest == null || entry.getValue().offset() < oldest.offset()) {
          oldest = entry.getValue();
        }
      }
      long offset = oldest == null ? position : Math.min(oldest.offset(), position);
      Instant since = oldest == null ? now : oldest.readAt();
      offsets.put(partition, new OffsetAndMetadata(offset, METADATA_PREFIX + since));
    });
    return offsets;
  }

  /**
   * Reads the time a committed offset's metadata names.
   *
   * @return empty when the metadata was not written by {@link #offsetsToCommit}
   */
  static Optional<Instant> outcomesSince(OffsetAndMetadata committed) {
    if (committed == null || !committed.metadata().startsWith(METADATA_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(committed.metadata().substring(METADATA_PREFIX.length())));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
