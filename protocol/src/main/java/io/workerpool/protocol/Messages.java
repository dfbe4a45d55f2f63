package io.workerpool.protocol;

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
}
