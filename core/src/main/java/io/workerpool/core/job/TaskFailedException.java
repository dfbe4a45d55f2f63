package io.workerpool.core.job;

/**
 * Thrown by a handler when a task fails for good, such as a profile that does not exist; the
 * message names the task's input. The worker does not run the task again but cancels its job.
 * A failure that may pass is a {@link RetriableTaskException}.
 */
public class TaskFailedException extends Exception {

  public TaskFailedException(String message) {
    super(message);
  }

  public TaskFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
