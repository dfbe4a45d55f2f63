package io.workerpool.worker;

import io.workerpool.core.cancel.CancelRegistry;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.InvalidMessageException;
import io.workerpool.protocol.IsolatedRun;
import io.workerpool.protocol.IsolatedRun.RunState;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the task that stops its worker every time, and parks it instead of running it again.
 *
 * <p>The share group delivers a task again only when its last worker stored no result: the
 * worker crashed, was stopped, or the task outlived its record lock. A crash also sends every
 * other task that worker held back for another delivery, so a delivery count alone cannot tell
 * the culprit from its neighbours. A worker therefore runs a task delivered for the third time or
 * later alone, with no other task running in that worker, and reports the start on the results
 * topic first ({@link IsolatedRun}). If the reducer reads a second isolated start of a task with
 * no result in between, the task stopped its worker while running alone, and the reducer fails
 * its job with a cancel that names the task. The next delivery of that task is parked: copied to
 * the dead-letters topic and not run. So such a task runs at most four times: twice among other
 * tasks, then twice alone, and is parked at its fifth delivery, the last one Kafka's default
 * {@code share.delivery.count.limit} of 5 allows.
 *
 * <p>NOTE: parking needs a running reducer to name the task. While none runs, a crashing task runs
 * on every delivery until the broker's delivery count limit discards it.
 *
 * <p>Tasks on their second delivery still run alongside others, because one crash hands back
 * every task its worker held, and running all of them one at a time would slow the recovery.
 */
final class TaskParking {

  private static final Logger log = LoggerFactory.getLogger(TaskParking.class);
  private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(30);
  /** The first delivery that runs alone. */
  static final int ISOLATED_DELIVERY = 3;

  /** Read lock: a first delivery runs. Write lock: a redelivered task runs alone. */
  private final ReadWriteLock isolation;
  private final CancelRegistry cancels;
  private final ResultOutput output;
  private final RejectedTasks rejects;
  private final PendingSends pending;
  private final String workerId;

  /**
   * @param isolation the worker's lock, shared by all of its lanes, so a redelivered task runs
   *     alone in the whole worker
   */
  TaskParking(ReadWriteLock isolation, CancelRegistry cancels, ResultOutput output,
      RejectedTasks rejects, PendingSends pending, String workerId) {
    this.isolation = isolation;
    this.cancels = cancels;
    this.output = output;
    this.rejects = rejects;
    this.pending = pending;
    this.workerId = workerId;
  }

  /** Returns a lock for the worker's lanes to share; fair, so a waiting isolated run goes next. */
  static ReadWriteLock newIsolationLock() {
    return new ReentrantReadWriteLock(true);
  }

  /**
   * Runs a task record through {@code runner}: its first two deliveries alongside other tasks,
   * later ones alone after reporting them, and the task that its job's cancel names as having
   * stopped a worker not at all.
   */
  AcknowledgeType run(ConsumerRecord<String, byte[]> record,
      Function<ConsumerRecord<String, byte[]>, AcknowledgeType> runner)
      throws InterruptedException {
    int delivery = record.deliveryCount().map(Short::intValue).orElse(1);
    Task task = delivery >= ISOLATED_DELIVERY ? decode(record) : null;
    if (task == null) {
      return runHolding(isolation.readLock(), record, runner);
    }
    Optional<Cancel> cancel = cancels.find(task.jobId());
    if (cancel.isPresent() && namesTask(cancel.get(), task)) {
      return park(record, task, cancel.get(), runner);
    }
    Lock alone = isolation.writeLock();
    alone.lockInterruptibly();
    try {
      if (!report(IsolatedRun.of(task, delivery, workerId, RunState.STARTED))) {
        return AcknowledgeType.RELEASE;
      }
      log.info("Running task {} of job {} alone: delivery {}", task.taskId(), task.jobId(),
          delivery);
      AcknowledgeType type = runner.apply(record);
      if (type == AcknowledgeType.RELEASE) {
        report(IsolatedRun.of(task, delivery, workerId, RunState.RELEASED));
      }
      // The reducer may have named this task while it ran; then the run was aborted.
      Optional<Cancel> verdict = cancels.find(task.jobId());
      if (verdict.isPresent() && namesTask(verdict.get(), task)) {
        copyToDeadLetters(record, task, verdict.get());
      }
      return type;
    } finally {
      alone.unlock();
    }
  }

  private static AcknowledgeType runHolding(Lock lock, ConsumerRecord<String, byte[]> record,
      Function<ConsumerRecord<String, byte[]>, AcknowledgeType> runner)
      throws InterruptedException {
    lock.lockInterruptibly();
    try {
      return runner.apply(record);
    } finally {
      lock.unlock();
    }
  }

  private static boolean namesTask(Cancel cancel, Task task) {
    return cancel.reason() == CancelReason.FAILED && cancel.error() != null
        && task.taskId().equals(cancel.error().taskId());
  }

  /**
   * Copies the record to the dead-letters topic with the cancel's reason, then lets the runner
   * report the task as skipped, as for any task of a cancelled job.
   */
  private AcknowledgeType park(ConsumerRecord<String, byte[]> record, Task task, Cancel cancel,
      Function<ConsumerRecord<String, byte[]>, AcknowledgeType> runner)
      throws InterruptedException {
    copyToDeadLetters(record, task, cancel);
    return runHolding(isolation.readLock(), record, runner);
  }

  private void copyToDeadLetters(ConsumerRecord<String, byte[]> record, Task task,
      Cancel cancel) {
    log.error("Parking task {} of job {} in the dead-letters topic: {}", task.taskId(),
        task.jobId(), cancel.error().message());
    pending.add(rejects.park(record, cancel.error().message()));
  }

  /** Sends the report and waits until it is stored; returns false when that failed. */
  private boolean report(IsolatedRun run) throws InterruptedException {
    Future<RecordMetadata> stored = output.report(run);
    try {
      stored.get(REPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Could not store the {} report of task {}, so the task goes back for another "
          + "delivery: {}", run.state(), run.taskId(), e.toString());
      return false;
    }
  }

  private static Task decode(ConsumerRecord<String, byte[]> record) {
    try {
      return MessageCodec.decode(record.value(), Task.class);
    } catch (InvalidMessageException e) {
      return null;
    }
  }
}
