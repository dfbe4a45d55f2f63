package io.workerpool.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.clients.consumer.AcknowledgeType;

/**
 * The worker's metrics: tasks by outcome, tasks in flight, task duration, releases for another
 * delivery, and cancel latency (from a cancel's sending to this worker acting on it).
 */
final class WorkerMetrics {

  private final MeterRegistry registry;
  private final Clock clock;
  private final Timer taskDuration;
  private final Timer cancelLatency;

  WorkerMetrics(MeterRegistry registry, Clock clock, RunningTasks running) {
    this.registry = registry;
    this.clock = clock;
    this.taskDuration = Timer.builder("workerpool.task.duration")
        .description("Time a worker spent on one task record, skipped ones included")
        .register(registry);
    this.cancelLatency = Timer.builder("workerpool.cancel.latency")
        .description("Time from a cancel's sending until this worker read it")
        .register(registry);
    Gauge.builder("workerpool.tasks.in_flight", running, RunningTasks::count)
        .description("Tasks this worker is running now")
        .register(registry);
  }

  /** Counts a sent result by its status: succeeded, failed or skipped. */
  void countResult(TaskResult result) {
    count(result.status().name());
  }

  /**
   * Counts a task of a chained job sent on to the next stage: as outcome {@code forwarded}, and
   * by the type of the stage that processed it, so each stage's workers show their share.
   */
  void countForwarded(Task task) {
    count("FORWARDED");
    Counter.builder("workerpool.tasks.forwarded")
        .description("Tasks of chained jobs a worker processed and sent on to the next stage, "
            + "by the type of the stage it processed")
        .tag("stage_type", task.stageType())
        .register(registry)
        .increment();
  }

  /** Counts a record handed back without a result: released for another delivery, rejected. */
  void countAcknowledgement(AcknowledgeType type) {
    if (type == AcknowledgeType.RELEASE || type == AcknowledgeType.REJECT) {
      count(type == AcknowledgeType.RELEASE ? "RELEASED" : "REJECTED");
    }
  }

  void recordTaskDuration(Duration duration) {
    taskDuration.record(duration);
  }

  void recordCancel(Cancel cancel) {
    Duration latency = Duration.between(cancel.cancelledAt(), clock.instant());
    cancelLatency.record(latency.isNegative() ? Duration.ZERO : latency);
  }

  private void count(String outcome) {
    Counter.builder("workerpool.tasks.processed")
        .description("Task records a worker handled, by outcome")
        .tag("outcome", outcome.toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }
}
