package io.workerpool.worker;

import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.InvalidMessageException;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import java.time.Clock;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks a task that was delivered more than {@code WORKER_MAX_DELIVERIES} times instead of
 * running it again. The share group delivers a task again only when no worker acknowledged it:
 * its worker crashed, was stopped (a graceful stop releases the task, which counts as a
 * delivery too), or the task outlived its record lock. A task that kills its worker every time
 * would otherwise crash one worker after another until the group's delivery count limit.
 *
 * <p>A parked task gets a FAILED result, a copy in the dead-letters topic and a cancel of its
 * job. The lane acknowledges it only after the result and the copy are stored.
 */
final class TaskParking {

  private static final Logger log = LoggerFactory.getLogger(TaskParking.class);

  private final int maxDeliveries;
  private final ResultOutput output;
  private final RejectedTasks rejects;
  private final PendingSends pending;
  private final Clock clock;
  private final String workerId;

  TaskParking(int maxDeliveries, ResultOutput output, RejectedTasks rejects,
      PendingSends pending, Clock clock, String workerId) {
    this.maxDeliveries = maxDeliveries;
    this.output = output;
    this.rejects = rejects;
    this.pending = pending;
    this.clock = clock;
    this.workerId = workerId;
  }

  /** Returns whether the record was delivered more often than a task may run. */
  boolean isDue(ConsumerRecord<String, byte[]> record) {
    return record.deliveryCount().map(count -> count > maxDeliveries).orElse(false);
  }

  /**
   * Sends the task's FAILED result, its dead letter and its job's cancel, and returns REJECT,
   * so the share group never delivers it again.
   */
  AcknowledgeType park(ConsumerRecord<String, byte[]> record) {
    Task task;
    try {
      task = MessageCodec.decode(record.value(), Task.class);
    } catch (InvalidMessageException e) {
      pending.add(rejects.handle(record));
      return AcknowledgeType.REJECT;
    }
    int deliveries = record.deliveryCount().orElseThrow();
    String message = "task " + task.taskId() + " was delivered " + deliveries + " times "
        + "without a stored result (its earlier runs crashed their workers, were stopped, or "
        + "outlived the record lock), more than WORKER_MAX_DELIVERIES=" + maxDeliveries
        + ", so it was parked in the dead-letters topic";
    log.error("Parking task {} of job {}: {}", task.taskId(), task.jobId(), message);
    JobError error = new JobError(Step.TASK, message, task.taskId());
    output.sendResult(TaskResult.failed(task, error, workerId));
    pending.add(rejects.park(record, message));
    output.cancel(Cancel.of(task.jobId(), CancelReason.FAILED, error, workerId, clock.instant(),
        task.deadline()));
    return AcknowledgeType.REJECT;
  }
}
