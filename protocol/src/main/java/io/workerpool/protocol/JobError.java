package io.workerpool.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error that ended a job, or the reason a task was skipped.
 *
 * @param step where the error happened
 * @param message what went wrong, naming the value involved
 * @param taskId the failed task, when {@code step} is TASK
 * @param origin the process or client that reported the error, such as
 *     {@code worker-host-42} or {@code client-laptop-977}; in an outcome it is the origin of
 *     the cancel or the failed result that ended the job. Null when unknown, for example in
 *     messages from builds that did not send it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobError(Step step, String message, String taskId, String origin) {

  public JobError {
    Messages.requireField(step, "step");
    Messages.requireField(message, "message");
  }

  /** Creates an error without an origin. */
  public JobError(Step step, String message, String taskId) {
    this(step, message, taskId, null);
  }

  public static JobError of(Step step, String message) {
    return new JobError(step, message, null, null);
  }

  /** Returns this error with {@code origin}, unless it already names one. */
  public JobError withOrigin(String origin) {
    return this.origin != null || origin == null ? this
        : new JobError(step, message, taskId, origin);
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
    DEADLINE,
    /**
     * The job completed before all its tasks ran. Only a {@code COMPLETED} cancel carries it, to
     * explain why the remaining tasks stop; no outcome does.
     */
    COMPLETE
  }
}
