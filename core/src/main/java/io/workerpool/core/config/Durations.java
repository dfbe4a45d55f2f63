package io.workerpool.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601. */
public final class Durations {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  private Durations() {}

  /**
   * Parses {@code text}. Only {@code 0} may be written without a unit.
   *
   * @throws IllegalArgumentException naming the text when it is not a non-negative duration
   */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    Matcher simple = SIMPLE.matcher(trimmed);
    // A bare number is ambiguous (is 60 seconds or milliseconds?), so only 0 may omit the unit.
    boolean unitMissing = simple.matches() && simple.group(2) == null
        && simple.group(1).chars().anyMatch(digit -> digit != '0');
    if (simple.matches() && !unitMissing) {
      try {
        return ofUnit(Long.parseLong(simple.group(1)), simple.group(2));
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("invalid duration '" + text + "': too large", e);
      }
    }
    if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
      try {
        Duration duration = Duration.parse(trimmed);
        if (!duration.isNegative()) {
          return duration;
        }
      } catch (DateTimeParseException e) {
        // Falls through to the common error below.
      }
    }
    throw new IllegalArgumentException("invalid duration '" + text
        + "': use a whole number with unit ms, s, m or h, for example 30s or 250ms");
  }

  /** Formats a duration the way {@link #parse} reads it, for example {@code 1500ms}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 == 0 && millis > 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }

  private static Duration ofUnit(long amount, String unit) {
    if (unit == null || unit.equals("ms")) {
      return Duration.ofMillis(amount);
    }
    return switch (unit) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}
