package io.workerpool.core.job;

/** Thrown by a combiner when a task's output cannot be combined into the job's result. */
public class CombineException extends Exception {

  public CombineException(String message) {
    super(message);
  }
}
