package io.workerpool.producer;

import io.workerpool.core.config.Settings;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When the producer checkpoints a job's listing: after every {@code tasks} tasks sent, from
 * {@value #TASKS_SETTING} (default {@value #DEFAULT_TASKS}), and after {@code time} with at
 * least one task sent. A producer killed mid-listing makes its successor send again the tasks
 * sent since the last committed checkpoint, at most {@code tasks} unless the kill lands while
 * a checkpoint's commit request is in flight.
 */
final class CheckpointSchedule {

  static final String TASKS_SETTING = "PRODUCER_CHECKPOINT_TASKS";
  static final int DEFAULT_TASKS = 500;
  static final Duration DEFAULT_TIME = Duration.ofSeconds(1);

  private final int tasks;
  private final long timeNanos;
  private final LongSupplier nanoTime;
  private int sentSinceCheckpoint;
  private long lastCheckpointNanos;

  CheckpointSchedule(int tasks, Duration time, LongSupplier nanoTime) {
    if (tasks < 1) {
      throw new IllegalArgumentException("tasks between checkpoints must be 1 or more, not "
          + tasks);
    }
    this.tasks = tasks;
    this.timeNanos = time.toNanos();
    this.nanoTime = nanoTime;
    this.lastCheckpointNanos = nanoTime.getAsLong();
  }

  static CheckpointSchedule from(Settings settings) {
    return new CheckpointSchedule(settings.positiveInt(TASKS_SETTING, DEFAULT_TASKS),
        DEFAULT_TIME, System::nanoTime);
  }

  /** Counts one task sent and returns true when the listing is due a checkpoint. */
  boolean taskSent() {
    sentSinceCheckpoint++;
    return sentSinceCheckpoint >= tasks || nanoTime.getAsLong() - lastCheckpointNanos >= timeNanos;
  }

  /** Starts counting again, after a checkpoint or when the next job's listing starts. */
  void restart() {
    sentSinceCheckpoint = 0;
    lastCheckpointNanos = nanoTime.getAsLong();
  }
}
