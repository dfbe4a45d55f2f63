package io.workerpool.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HeldOffsetsTest {

  private static final TopicPartition RESULTS = new TopicPartition("workerpool.results", 2);
  private static final Instant FIRST_READ = Instant.parse("2026-12-04T10:00:00Z");
  private static final Instant NOW = Instant.parse("2026-12-04T10:05:00Z");

  private final HeldOffsets holds = new HeldOffsets();

  @Test
  void partitionWithoutUnfinishedJobsCommitsThePosition() {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        holds.offsetsToCommit(Map.of(RESULTS, 40L), jobId -> true, NOW);

    assertThat(offsets.get(RESULTS).offset()).isEqualTo(40L);
    assertThat(HeldOffsets.outcomesSince(offsets.get(RESULTS))).contains(NOW);
  }

  @Test
  void unfinishedJobKeepsFirstOffset() {
    holds.hold(RESULTS, "job-a", 12, FIRST_READ);
    holds.hold(RESULTS, "job-a", 15, NOW);
    holds.hold(RESULTS, "job-b", 13, NOW);

    Map<TopicPartition, OffsetAndMetadata> offsets =
        holds.offsetsToCommit(Map.of(RESULTS, 40L), jobId -> true, NOW);

    assertThat(offsets.get(RESULTS).offset()).isEqualTo(12L);
    assertThat(HeldOffsets.outcomesSince(offsets.get(RESULTS))).contains(FIRST_READ);
  }

  @Test
  void jobWhoseOutcomeIsStoredReleasesItsOffset() {
    holds.hold(RESULTS, "job-a", 12, FIRST_READ);
    holds.hold(RESULTS, "job-b", 13, NOW);
    Set<String> unfinished = Set.of("job-b");

    Map<TopicPartition, OffsetAndMetadata> offsets =
        holds.offsetsToCommit(Map.of(RESULTS, 40L), unfinished::contains, NOW);

    assertThat(offsets.get(RESULTS).offset()).isEqualTo(13L);
    assertThat(holds.jobsOn(RESULTS)).containsExactly("job-b");
  }

  @Test
  void rereadRecordKeepsFirstReadTime() {
    holds.inherit(RESULTS, FIRST_READ, 30);
    holds.hold(RESULTS, "job-a", 12, NOW);

    Map<TopicPartition, OffsetAndMetadata> offsets =
        holds.offsetsToCommit(Map.of(RESULTS, 40L), jobId -> true, NOW);

    assertThat(offsets.get(RESULTS).offset()).isEqualTo(12L);
    assertThat(HeldOffsets.outcomesSince(offsets.get(RESULTS))).contains(FIRST_READ);
  }

  @Test
  void newRecordKeepsOwnReadTime() {
    holds.inherit(RESULTS, FIRST_READ, 30);
    holds.hold(RESULTS, "job-a", 35, NOW);

    Map<TopicPartition, OffsetAndMetadata> offsets =
        holds.offsetsToCommit(Map.of(RESULTS, 40L), jobId -> true, NOW);

    assertThat(HeldOffsets.outcomesSince(offsets.get(RESULTS))).contains(NOW);
  }

  @Test
  void releasedPartitionHoldsNothing() {
    holds.hold(RESULTS, "job-a", 12, FIRST_READ);

    holds.releasePartition(RESULTS);

    assertThat(holds.jobsOn(RESULTS)).isEmpty();
    assertThat(holds.offsetsToCommit(Map.of(RESULTS, 40L), jobId -> true, NOW)
        .get(RESULTS).offset()).isEqualTo(40L);
  }

  @Test
  void offsetCommittedByAnotherProgramNamesNoTime() {
    assertThat(HeldOffsets.outcomesSince(new OffsetAndMetadata(7, ""))).isEmpty();
    assertThat(HeldOffsets.outcomesSince(new OffsetAndMetadata(7, "outcomes-since=soon")))
        .isEmpty();
    assertThat(HeldOffsets.outcomesSince(null)).isEmpty();
  }
}
