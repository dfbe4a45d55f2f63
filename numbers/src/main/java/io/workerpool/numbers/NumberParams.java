package io.workerpool.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.TaskFailedException;

/** Reads the whole numbers of the numbers jobs' parameters and tasks. */
final class NumberParams {

  /** The largest {@code values} array a job may list. */
  static final int MAX_VALUES = 10_000;

  private NumberParams() {}

  /**
   * Returns the parameter {@code name} as a whole number.
   *
   * @throws InvalidJobException naming the parameter and the value when it is missing or not a
   *     whole number from Long.MIN_VALUE to Long.MAX_VALUE
   */
  static long requireLong(JsonNode params, String name, String example)
      throws InvalidJobException {
    JsonNode value = params.get(name);
    if (value == null || value.isNull()) {
      throw new InvalidJobException("missing job parameter '" + name + "': submit it as a whole "
          + "number, for example " + example);
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new InvalidJobException("invalid job parameter '" + name + "' = " + value
          + ": expected a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
    }
    return value.longValue();
  }

  /**
   * Returns the parameter {@code values} as whole numbers.
   *
   * @throws InvalidJobException naming the value when it is not a non-empty array of at most
   *     {@link #MAX_VALUES} whole numbers
   */
  static long[] requireValues(JsonNode params) throws InvalidJobException {
    JsonNode values = params.get("values");
    if (values == null || !values.isArray() || values.isEmpty()) {
      throw new InvalidJobException("invalid job parameter 'values' = " + values
          + ": expected a non-empty array of whole numbers, for example [1, 2, 3, 4]");
    }
    if (values.size() > MAX_VALUES) {
      throw new InvalidJobException("job parameter 'values' has " + values.size()
          + " numbers: at most " + MAX_VALUES + " are allowed");
    }
    long[] numbers = new long[values.size()];
    for (int i = 0; i < numbers.length; i++) {
      JsonNode value = values.get(i);
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw new InvalidJobException("invalid number " + value + " at index " + i
            + " of job parameter 'values': expected a whole number from " + Long.MIN_VALUE
            + " to " + Long.MAX_VALUE);
      }
      numbers[i] = value.longValue();
    }
    return numbers;
  }

  /**
   * Returns a task's input or a stage's operand as a whole number.
   *
   * @throws TaskFailedException naming the value otherwise
   */
  static long requireTaskNumber(JsonNode value, String description)
      throws TaskFailedException {
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new TaskFailedException("invalid " + description + " " + value + ": expected a whole "
          + "number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
    }
    return value.longValue();
  }
}
