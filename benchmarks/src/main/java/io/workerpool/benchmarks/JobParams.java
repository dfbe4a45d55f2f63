package io.workerpool.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.config.Durations;
import io.workerpool.core.job.InvalidJobException;
import java.time.Duration;

/** Reads the benchmark jobs' parameters, rejecting invalid ones with the value and the rule. */
final class JobParams {

  private JobParams() {}

  /** Reads a required whole number from 1 to {@code max}. */
  static int positiveInt(JsonNode params, String name, int max) throws InvalidJobException {
    JsonNode value = params.get(name);
    if (value == null || value.isNull()) {
      throw new InvalidJobException("missing job parameter '" + name + "': expected a whole "
          + "number from 1 to " + max);
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1
        || value.intValue() > max) {
      throw new InvalidJobException("invalid job parameter '" + name + "' = " + value
          + ": expected a whole number from 1 to " + max);
    }
    return value.intValue();
  }

  /** Reads an optional whole number of at least 0, or returns -1 when it is absent. */
  static int optionalIndex(JsonNode params, String name) throws InvalidJobException {
    JsonNode value = params.get(name);
    if (value == null || value.isNull()) {
      return -1;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
      throw new InvalidJobException("invalid job parameter '" + name + "' = " + value
          + ": expected a whole number of at least 0");
    }
    return value.intValue();
  }

  /** Reads an optional duration such as {@code "20ms"}, or returns zero when it is absent. */
  static Duration optionalDuration(JsonNode params, String name) throws InvalidJobException {
    JsonNode value = params.get(name);
    if (value == null || value.isNull()) {
      return Duration.ZERO;
    }
    if (!value.isTextual()) {
      throw new InvalidJobException("invalid job parameter '" + name + "' = " + value
          + ": expected a duration string such as \"20ms\"");
    }
    try {
      return Durations.parse(value.asText());
    } catch (IllegalArgumentException e) {
      throw new InvalidJobException("invalid job parameter '" + name + "': " + e.getMessage());
    }
  }
}
