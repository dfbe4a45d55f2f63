package io.workerpool.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommitScheduleTest {

  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static final Instant START = Instant.parse("2026-12-05T10:00:00Z");
  private static final TopicPartition JOBS = new TopicPartition("jobs", 0);
  private static final TopicPartition RESULTS = new TopicPartition("results", 0);

  private final CommitSchedule schedule = new CommitSchedule(INTERVAL);

  @Test
  void firstCommitTakesEveryPartition() {
    assertThat(schedule.isDue(START)).isTrue();
    assertThat(schedule.take(offsets(5, 7, "a"), START)).containsOnlyKeys(JOBS, RESULTS);
  }

  @Test
  void nextCommitWaitsForTheInterval() {
    schedule.take(offsets(5, 7, "a"), START);

    assertThat(schedule.isDue(START.plus(INTERVAL).minusMillis(1))).isFalse();
    assertThat(schedule.isDue(START.plus(INTERVAL))).isTrue();
  }

  @Test
  void heldOffsetIsNotCommittedAgain() {
    schedule.take(offsets(5, 7, "a"), START);

    Map<TopicPartition, OffsetAndMetadata> moved =
        schedule.take(offsets(5, 9, "b"), START.plus(INTERVAL));

    assertThat(moved).containsOnlyKeys(RESULTS);
    assertThat(moved.get(RESULTS)).isEqualTo(new OffsetAndMetadata(9, "b"));
  }

  @Test
  void failedCommitIsSentAgain() {
    schedule.take(offsets(5, 7, "a"), START);
    schedule.failed(List.of(JOBS));

    assertThat(schedule.take(offsets(5, 7, "a"), START.plus(INTERVAL))).containsOnlyKeys(JOBS);
  }

  @Test
  void forgottenPartitionIsCommittedAgain() {
    schedule.take(offsets(5, 7, "a"), START);
    schedule.forget(RESULTS);

    assertThat(schedule.take(offsets(5, 7, "a"), START.plus(INTERVAL)))
        .containsOnlyKeys(RESULTS);
  }

  private static Map<TopicPartition, OffsetAndMetadata> offsets(long jobs, long results,
      String metadata) {
    return Map.of(JOBS, new OffsetAndMetadata(jobs, metadata),
        RESULTS, new OffsetAndMetadata(results, metadata));
  }
}
