package io.workerpool.cli;

import io.workerpool.protocol.Topics;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a task queue name, such as {@code interactive}, from an option value. */
final class QueueConverter implements ITypeConverter<String> {

  @Override
  public String convert(String value) {
    try {
      return Topics.requireValidQueue(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
