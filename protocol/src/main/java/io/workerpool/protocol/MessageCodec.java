package io.workerpool.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads and writes the protocol's messages as UTF-8 JSON. Thread-safe. */
public final class MessageCodec {

  /** The message version this build writes and reads. */
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  static {
    // A number sent as text, such as "count": "3", is an error rather than a guess.
    MAPPER.coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
  }

  private MessageCodec() {}

  /** Returns the shared mapper, configured for the protocol's JSON. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Writes a message as JSON bytes. */
  public static byte[] encode(Object message) {
    try {
      return MAPPER.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + message.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads a message of the given type.
   *
   * @throws InvalidMessageException when the bytes are not JSON, the version is not
   *     {@link #VERSION}, or a field is missing or has the wrong type; the message names which
   */
  public static <T> T decode(byte[] bytes, Class<T> type) {
    String what = type.getSimpleName();
    JsonNode tree = parseObject(bytes, what);
    checkVersion(tree, what);
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (ValueInstantiationException e) {
      Throwable reason = e.getCause() == null ? e : e.getCause();
      throw new InvalidMessageException("invalid " + what + " message: " + reason.getMessage(), e);
    } catch (MismatchedInputException e) {
      throw new InvalidMessageException("invalid " + what + " message: " + mismatch(e), e);
    } catch (JsonProcessingException e) {
      throw new InvalidMessageException(
          "invalid " + what + " message: " + e.getOriginalMessage(), e);
    }
  }

  /** Names the field whose value is missing or of the wrong type. */
  private static String mismatch(MismatchedInputException e) {
    String field = e.getPath().stream()
        .map(reference -> reference.getFieldName() != null
            ? reference.getFieldName() : "[" + reference.getIndex() + "]")
        .reduce((parent, child) -> parent + "." + child)
        .orElse(null);
    if (field == null) {
      return e.getOriginalMessage();
    }
    if (e instanceof InvalidFormatException invalid && invalid.getTargetType().isEnum()) {
      return "invalid value '" + invalid.getValue() + "' of field '" + field + "': expected one "
          + "of " + java.util.Arrays.toString(invalid.getTargetType().getEnumConstants());
    }
    return "missing field or wrong type of field '" + field + "' (expected "
        + jsonShape(e.getTargetType()) + ")";
  }

  /** Names the JSON shape that a field of this Java type takes, such as "a JSON array". */
  private static String jsonShape(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a JSON array";
    }
    if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
      return "a JSON object";
    }
    if (type == String.class || type == java.time.Instant.class) {
      return "a JSON string";
    }
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
      return "a whole number";
    }
    return type.getSimpleName();
  }

  private static JsonNode parseObject(byte[] bytes, String what) {
    if (bytes == null || bytes.length == 0) {
      throw new InvalidMessageException("invalid " + what + " message: the record value is empty");
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new InvalidMessageException(
          "invalid " + what + " message: not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidMessageException(
          "invalid " + what + " message: expected a JSON object, got " + describe(tree));
    }
    return tree;
  }

  private static void checkVersion(JsonNode tree, String what) {
    JsonNode version = tree.get("version");
    if (version == null) {
      throw new InvalidMessageException(
          "invalid " + what + " message: missing field 'version' (this build reads version "
              + VERSION + ")");
    }
    if (!version.isInt() || version.intValue() != VERSION) {
      throw new InvalidMessageException("unsupported " + what + " message version " + version
          + ": this build reads version " + VERSION);
    }
  }

  private static String describe(JsonNode tree) {
    if (tree == null || tree.isNull() || tree.isMissingNode()) {
      return "null";
    }
    return tree.getNodeType().name().toLowerCase() + " " + tree;
  }
}
