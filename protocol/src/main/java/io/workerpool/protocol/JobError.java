package io.workerpool.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error that ended a job, or the reason a task was skipped.
 *
 * @param step where the error happened
 * @param message what went wrong, naming the value involved
 * @param taskId the failed task, when {@code step} is TASK
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobError(Step step, String message, String taskId) {

  public JobError {
    Messages.requireField(step, "step");
    Messages.requireField(message, "message");
  }

  public static JobError of(Step step, String message) {
    return new JobError(step, message, null);
  }

  /** The stage of a job where an error can happen. */
  public enum Step {
    /** The job message itself was invalid. */
    SUBMIT,
    /** The producer failed to list the job's tasks. */
    LIST,
    /** A worker failed to process a task. */
    TASK,
    /** The reducer failed to combine a result. */
    REDUCE,
    /** A client cancelled the job. */
    CLIENT,
    /** The job's deadline passed. */
    DEADLINE
  }
}
