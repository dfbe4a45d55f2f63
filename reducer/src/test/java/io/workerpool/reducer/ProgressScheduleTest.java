package io.workerpool.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressScheduleTest {

  private static final Duration INTERVAL = Duration.ofMillis(500);
  private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

  private final ProgressSchedule schedule = new ProgressSchedule(INTERVAL);

  @Test
  void readJobIsDueAtOnce() {
    schedule.jobRecordRead("job-1");

    assertThat(schedule.takeIfDue("job-1", START)).isTrue();
    assertThat(schedule.takeIfDue("job-1", START)).isFalse();
  }

  @Test
  void changeWithinIntervalWaits() {
    schedule.jobRecordRead("job-1");
    schedule.takeIfDue("job-1", START);
    schedule.changed("job-1");

    assertThat(schedule.takeIfDue("job-1", START.plus(INTERVAL).minusMillis(1))).isFalse();
    assertThat(schedule.takeDue(START.plus(INTERVAL))).containsExactly("job-1");
  }

  @Test
  void unchangedJobIsNeverDue() {
    schedule.jobRecordRead("job-1");
    schedule.takeDue(START);

    assertThat(schedule.takeDue(START.plus(INTERVAL.multipliedBy(10)))).isEmpty();
  }

  @Test
  void takeDueReturnsOnlyJobsPastTheInterval() {
    schedule.jobRecordRead("job-1");
    schedule.takeDue(START);
    schedule.changed("job-1");
    schedule.jobRecordRead("job-2");

    assertThat(schedule.takeDue(START.plusMillis(1))).containsExactly("job-2");
  }

  @Test
  void forgottenJobIsNoLongerTracked() {
    schedule.jobRecordRead("job-1");
    schedule.takeDue(START);
    schedule.changed("job-1");

    schedule.forget("job-1");

    assertThat(schedule.trackedJobs()).isZero();
    assertThat(schedule.takeDue(START.plus(INTERVAL))).isEmpty();
  }
}
