package io.workerpool.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.cancel.CancelRegistry;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.core.config.Durations;
import io.workerpool.core.job.RetriableTaskException;
import io.workerpool.core.job.TaskFailedException;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.Completion.Mode;
import io.workerpool.protocol.Instants;
import io.workerpool.protocol.InvalidMessageException;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one task record and decides how to acknowledge it. A task of a cancelled or expired job
 * is skipped without running. A task whose job is cancelled while it runs is aborted. A task
 * that fails cancels its job, except in a FIRST job. Each case sends a result, so the reducer
 * can account for every listed task. The one exception is a task of a chained job that succeeds
 * in a stage before the last. It is sent on as the next stage's task, which ends with the result.
 */
final class TaskRunner {

  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

  private final JobHandlers handlers;
  private final CancelRegistry cancels;
  private final RunningTasks running;
  private final ResultOutput output;
  private final Clock clock;
  private final String workerId;

  private final RetryPolicy retries;

  TaskRunner(JobHandlers handlers, CancelRegistry cancels, RunningTasks running,
      ResultOutput output, Clock clock, String workerId) {
    this(handlers, cancels, running, output, clock, workerId, RetryPolicy.DEFAULT);
  }

  TaskRunner(JobHandlers handlers, CancelRegistry cancels, RunningTasks running,
      ResultOutput output, Clock clock, String workerId, RetryPolicy retries) {
    this.retries = retries;
    this.handlers = handlers;
    this.cancels = cancels;
    this.running = running;
    this.output = output;
    this.clock = clock;
    this.workerId = workerId;
  }

  /**
   * Runs the task in {@code value} and returns the acknowledgement for its record: ACCEPT once
   * a result is sent, RELEASE when the worker is stopping so another worker takes the task,
   * REJECT when the record is not a readable task.
   */
  AcknowledgeType run(String key, byte[] value) {
    Task task;
    try {
      task = MessageCodec.decode(value, Task.class);
    } catch (InvalidMessageException e) {
      log.warn("Rejected task record with key {}: {}", key, e.getMessage());
      return AcknowledgeType.REJECT;
    }
    MDC.put("jobId", task.jobId());
    MDC.put("taskId", task.taskId());
    try {
      return run(task);
    } finally {
      MDC.remove("jobId");
      MDC.remove("taskId");
    }
  }

  private AcknowledgeType run(Task task) {
    Optional<Cancel> cancel = cancels.find(task.jobId());
    if (cancel.isPresent()) {
      return skip(task, "dropped before running: the job was cancelled ("
          + cancel.get().error().message() + ")");
    }
    if (!clock.instant().isBefore(task.deadline())) {
      return skip(task, "dropped before running: the job's deadline " + task.deadline()
          + " has passed");
    }
    Optional<JobHandler> handler = handlers.find(task.stageType());
    if (handler.isEmpty()) {
      return fail(task, StageLabel.of(task) + handlers.unknownTypeMessage(task.stageType()));
    }
    return process(task, handler.get());
  }

  private AcknowledgeType process(Task task, JobHandler handler) {
    JsonNode taskOutput = null;
    Exception failure = null;
    running.start(task.jobId());
    try {
      // A cancel recorded after the check in run() and before start() interrupted nothing.
      if (cancels.isCancelled(task.jobId())) {
        throw new InterruptedException("job cancelled before the task started");
      }
      taskOutput = runAttempts(task, handler);
    } catch (InterruptedException | TaskFailedException | RuntimeException e) {
      failure = e;
    } finally {
      // Ends the registration before any send, so a cancel cannot interrupt the send.
      running.finish(task.jobId());
    }
    if (failure == null && !task.isLastStage()) {
      log.debug("Forwarded task {} to stage {}", task.taskId(), task.stage() + 1);
      output.forward(task, taskOutput);
      return AcknowledgeType.ACCEPT;
    }
    if (failure == null) {
      output.sendResult(TaskResult.succeeded(task, taskOutput, workerId), task.completion());
      return AcknowledgeType.ACCEPT;
    }
    if (failure instanceof InterruptedException) {
      return abortOrRelease(task);
    }
    if (failure instanceof RuntimeException) {
      log.error("Task {} threw", task.taskId(), failure);
    }
    String reason =
        failure instanceof TaskFailedException ? failure.getMessage() : failure.toString();
    return fail(task, StageLabel.of(task) + "task " + task.taskId() + " ("
        + handler.describeTask(task.input()) + ") failed: " + reason);
  }

  /**
   * Runs the task until it succeeds or fails for good. A retriable failure is retried after a
   * backoff while attempts and time before the deadline remain. The task stays registered as
   * running meanwhile, so a cancel interrupts the backoff too.
   */
  private JsonNode runAttempts(Task task, JobHandler handler)
      throws TaskFailedException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return task.stage() == 0
            ? handler.processTask(task.input())
            : handler.processStage(task.input(), task.stageParams());
      } catch (RetriableTaskException e) {
        if (attempt >= retries.maxAttempts()) {
          throw new TaskFailedException(e.getMessage() + " (gave up after " + attempt
              + " attempts)", e);
        }
        Duration backoff = retries.backoffAfter(attempt);
        if (!Instants.plusSaturating(clock.instant(), backoff).isBefore(task.deadline())) {
          throw new TaskFailedException(e.getMessage() + " (no time left before the deadline "
              + "for another attempt)", e);
        }
        log.warn("Task {} attempt {} of {} failed: {}; retrying in {}", task.taskId(), attempt,
            retries.maxAttempts(), e.getMessage(), Durations.format(backoff));
        Thread.sleep(backoff.toMillis());
      }
    }
  }

  private AcknowledgeType abortOrRelease(Task task) {
    Optional<Cancel> cancel = cancels.find(task.jobId());
    if (cancel.isPresent()) {
      return skip(task, "aborted while running: the job was cancelled ("
          + cancel.get().error().message() + ")");
    }
    log.info("Released task {}: the worker is stopping", task.taskId());
    return AcknowledgeType.RELEASE;
  }

  private AcknowledgeType skip(Task task, String cause) {
    String reason = StageLabel.of(task) + cause;
    log.debug("Skipped task {}: {}", task.taskId(), reason);
    output.sendResult(TaskResult.skipped(task, new JobError(Step.TASK, reason, task.taskId()),
        workerId));
    return AcknowledgeType.ACCEPT;
  }

  /**
   * Sends the task's FAILED result and cancels its job. A FIRST job is not cancelled, because
   * another of its tasks may still succeed. The reducer fails it once every task failed.
   */
  private AcknowledgeType fail(Task task, String message) {
    log.warn("{}", message);
    JobError error = new JobError(Step.TASK, message, task.taskId());
    output.sendResult(TaskResult.failed(task, error, workerId));
    if (task.completion().mode() != Mode.FIRST) {
      output.cancel(Cancel.of(task.jobId(), CancelReason.FAILED, error, workerId,
          clock.instant(), task.deadline()));
    }
    return AcknowledgeType.ACCEPT;
  }
}
