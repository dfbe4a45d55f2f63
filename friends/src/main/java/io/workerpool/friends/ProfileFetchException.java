package io.workerpool.friends;

/**
 * Thrown when a profile cannot be fetched. The message names the user and the source. A
 * retriable failure (a timeout, a refused connection, an HTTP 5xx) may pass on a later attempt;
 * any other will not.
 */
public final class ProfileFetchException extends Exception {

  private final boolean retriable;

  /** Creates a permanent failure with a message that names the user and the source. */
  public ProfileFetchException(String message) {
    this(message, null, false);
  }

  /** Creates a permanent failure with a message that names the user and the source. */
  public ProfileFetchException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /** Creates a failure that may or may not pass on a later attempt. */
  public ProfileFetchException(String message, Throwable cause, boolean retriable) {
    super(message, cause);
    this.retriable = retriable;
  }

  /** Returns whether a later attempt may succeed. */
  public boolean retriable() {
    return retriable;
  }
}
