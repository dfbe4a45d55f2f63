package io.workerpool.core.job;

/** Thrown when a job's parameters are invalid; the message names the value and the fix. */
public class InvalidJobException extends Exception {

  public InvalidJobException(String message) {
    super(message);
  }
}
