package io.workerpool.worker;

import io.workerpool.core.config.Settings;
import io.workerpool.core.config.SizeLimit;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import io.workerpool.protocol.TaskStatus;

/**
 * Keeps task results within {@value #SETTING} (default {@value #DEFAULT_MAX_BYTES} bytes, below
 * Kafka's default 1 MiB record limit). A succeeded result over the limit becomes a FAILED result
 * whose TASK error names its size and the limit, so the broker never rejects it and the job
 * fails instead of waiting for a result that never arrives.
 */
final class ResultSizeLimit {

  static final String SETTING = "WORKER_MAX_RESULT_BYTES";
  static final int DEFAULT_MAX_BYTES = 1_000_000;

  private final SizeLimit limit;

  ResultSizeLimit(SizeLimit limit) {
    this.limit = limit;
  }

  static ResultSizeLimit from(Settings settings) {
    return new ResultSizeLimit(SizeLimit.from(settings, SETTING, DEFAULT_MAX_BYTES));
  }

  /**
   * Returns {@code result} when its {@code size} encoded bytes fit the limit or it has no output,
   * else its FAILED form.
   */
  TaskResult enforce(TaskResult result, int size) {
    if (result.status() != TaskStatus.SUCCEEDED) {
      return result;
    }
    if (limit.allows(size)) {
      return result;
    }
    String message = limit.describeExcess("the result of task " + result.taskId(), size)
        + ": make the task's output smaller, or raise " + SETTING
        + " with the results topic's max.message.bytes and KAFKA_MAX_REQUEST_SIZE";
    return new TaskResult(result.version(), result.jobId(), result.taskId(), result.sequence(),
        result.type(), TaskStatus.FAILED, null,
        new JobError(Step.TASK, message, result.taskId(), result.workerId()),
        result.workerId(), result.submittedAt());
  }

  /**
   * Returns the TASK error message for a next-stage task of {@code size} encoded bytes over the
   * limit, or null when it fits. The limit keeps a chained job's tasks, like its results, within
   * Kafka's record limit.
   */
  String checkNextTask(Task next, int size) {
    if (limit.allows(size)) {
      return null;
    }
    return StageLabel.of(next.stage() - 1, next) + limit.describeExcess("the output of task "
        + next.taskId() + ", sent on as the task of stage " + next.stage() + ",", size)
        + ": make the stage's output smaller, or raise " + SETTING
        + " with the tasks topics' max.message.bytes and KAFKA_MAX_REQUEST_SIZE";
  }
}
