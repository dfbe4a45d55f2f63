package io.workerpool.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.protocol.MessageCodec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an option value written as a JSON object, such as {@code {"values":[1,2,3]}}. */
final class JsonObjectConverter implements ITypeConverter<ObjectNode> {

  @Override
  public ObjectNode convert(String value) {
    JsonNode parsed;
    try {
      parsed = MessageCodec.mapper().readTree(value);
    } catch (JsonProcessingException e) {
      throw new TypeConversionException("'" + value + "' is not valid JSON (" + describe(e)
          + "): write a JSON object such as '{\"values\":[1,2,3]}'");
    }
    if (parsed == null || !parsed.isObject()) {
      throw new TypeConversionException("'" + value + "' is not a JSON object: write one such "
          + "as '{\"values\":[1,2,3]}'");
    }
    return (ObjectNode) parsed;
  }

  /** Describes a JSON syntax error by its problem and column, for a command line. */
  static String describe(JsonProcessingException e) {
    // Jackson's message goes on to name its input source, which is noise on a command line.
    String problem = e.getOriginalMessage().split(":")[0];
    String column = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
    return problem + column;
  }
}
