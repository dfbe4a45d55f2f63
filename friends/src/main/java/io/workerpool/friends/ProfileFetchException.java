package io.workerpool.friends;

/** Thrown when a profile cannot be fetched. The message names the user and the source. */
public final class ProfileFetchException extends Exception {

  /** Creates an exception with a message that names the user and the source. */
  public ProfileFetchException(String message) {
    super(message);
  }

  /** Creates an exception with a message that names the user and the source, and its cause. */
  public ProfileFetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
