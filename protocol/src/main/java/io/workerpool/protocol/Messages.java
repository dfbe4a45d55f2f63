package io.workerpool.protocol;

import java.util.List;

/** Checks shared by the message records' constructors. */
final class Messages {

  private Messages() {}

  static <T> T requireField(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    if (value instanceof String text && text.isBlank()) {
      throw new IllegalArgumentException("field '" + field + "' is empty");
    }
    return value;
  }

  /**
   * Returns an unmodifiable copy of a chained job's later stages, empty when absent.
   *
   * @throws IllegalArgumentException naming the index of a stage that is null
   */
  static List<Stage> copyStages(List<Stage> stages) {
    if (stages == null) {
      return List.of();
    }
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i) == null) {
        throw new IllegalArgumentException("field 'stages' has null at index " + i
            + ": give each stage as an object such as {\"type\": \"add\", \"params\": "
            + "{\"amount\": 1}}");
      }
    }
    return List.copyOf(stages);
  }
}
