package io.workerpool.protocol;

/** Thrown when a record's value is not a valid message of the expected type and version. */
public class InvalidMessageException extends RuntimeException {

  public InvalidMessageException(String message) {
    super(message);
  }

  public InvalidMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
