package io.workerpool.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Stage;
import io.workerpool.protocol.Topics;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads one later stage of a chained job from an option value {@code TYPE[@QUEUE][=PARAMS]}:
 * the job type that processes the stage, the queue its tasks go to (the shared tasks topic when
 * absent) and its parameters as a JSON object ({@code {}} when absent). For example
 * {@code multiply={"by":2}} or {@code add@adders={"amount":1}}.
 */
final class StageConverter implements ITypeConverter<Stage> {

  static final String SYNTAX = "TYPE[@QUEUE][=PARAMS_JSON]";

  @Override
  public Stage convert(String value) {
    int equals = value.indexOf('=');
    String target = equals < 0 ? value : value.substring(0, equals);
    int at = target.indexOf('@');
    String type = at < 0 ? target : target.substring(0, at);
    String queue = at < 0 ? null : target.substring(at + 1);
    if (!type.matches("[A-Za-z0-9_.-]+")) {
      throw invalid(value, "the type '" + type + "' must be a job type such as multiply");
    }
    if (queue != null) {
      try {
        Topics.requireValidQueue(queue);
      } catch (IllegalArgumentException e) {
        throw invalid(value, e.getMessage());
      }
    }
    JsonNode params = equals < 0 ? null : parseParams(value, value.substring(equals + 1));
    return new Stage(type, params, queue);
  }

  private static JsonNode parseParams(String value, String json) {
    JsonNode params;
    try {
      params = MessageCodec.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid(value, "the parameters are not valid JSON ("
          + JsonObjectConverter.describe(e) + ")");
    }
    if (params == null || !params.isObject()) {
      throw invalid(value, "the parameters must be a JSON object, such as {\"by\":2}");
    }
    return params;
  }

  private static TypeConversionException invalid(String value, String reason) {
    return new TypeConversionException("invalid stage '" + value + "': " + reason
        + "; expected " + SYNTAX + ", for example add@adders={\"amount\":1}");
  }
}
