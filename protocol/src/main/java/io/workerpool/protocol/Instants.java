package io.workerpool.protocol;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/** Time arithmetic that cannot overflow on the far-future instants a message may carry. */
public final class Instants {

  private Instants() {}

  /** Returns {@code instant + duration}, or {@link Instant#MAX} when that is out of range. */
  public static Instant plusSaturating(Instant instant, Duration duration) {
    try {
      return instant.plus(duration);
    } catch (DateTimeException | ArithmeticException e) {
      return duration.isNegative() ? Instant.MIN : Instant.MAX;
    }
  }
}
