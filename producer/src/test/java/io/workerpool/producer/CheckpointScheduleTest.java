package io.workerpool.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CheckpointScheduleTest {

  private final AtomicLong nanos = new AtomicLong();
  private final CheckpointSchedule schedule =
      new CheckpointSchedule(3, Duration.ofSeconds(1), nanos::get);

  @Test
  void dueAfterEveryIntervalOfTasks() {
    assertThat(schedule.taskSent()).isFalse();
    assertThat(schedule.taskSent()).isFalse();
    assertThat(schedule.taskSent()).isTrue();
    schedule.restart();

    assertThat(schedule.taskSent()).isFalse();
  }

  @Test
  void dueAfterTimeIntervalWithOneTask() {
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());

    assertThat(schedule.taskSent()).isTrue();
  }

  @Test
  void restartCountsTimeFromThen() {
    nanos.addAndGet(Duration.ofMillis(900).toNanos());
    schedule.restart();
    nanos.addAndGet(Duration.ofMillis(900).toNanos());

    assertThat(schedule.taskSent()).isFalse();
  }
}
