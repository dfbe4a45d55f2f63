package io.workerpool.core.job;

/**
 * Thrown by a handler when a task failed for a reason that may pass, such as a timeout or an
 * upstream that returns 503. The worker runs the task again after a backoff, up to its attempt
 * limit, and fails the job only when the last attempt fails too.
 */
public class RetriableTaskException extends TaskFailedException {

  public RetriableTaskException(String message) {
    super(message);
  }

  public RetriableTaskException(String message, Throwable cause) {
    super(message, cause);
  }
}
