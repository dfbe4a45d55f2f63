package io.workerpool.core.job;

/** Thrown by a handler when a task fails; the message names the task's input. */
public class TaskFailedException extends Exception {

  public TaskFailedException(String message) {
    super(message);
  }

  public TaskFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
