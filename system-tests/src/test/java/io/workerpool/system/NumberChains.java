package io.workerpool.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.protocol.Stage;
import java.util.ArrayList;
import java.util.List;

/** Test data for chained jobs of the numbers job types: repeat, multiply and add. */
final class NumberChains {

  private NumberChains() {}

  /** Builds the repeat job's parameters; {@code times} 0 leaves the source endless. */
  static JsonNode repeat(List<Long> values, int times) {
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    ArrayNode array = params.putArray("values");
    values.forEach(array::add);
    if (times > 0) {
      params.put("times", times);
    }
    return params;
  }

  /**
   * Builds a stage of {@code type} whose one parameter {@code name} is {@code value}, on
   * {@code queue} or, when it is null, on the shared tasks topic.
   */
  static Stage stage(String type, String name, long value, String queue) {
    return new Stage(type, JsonNodeFactory.instance.objectNode().put(name, value), queue);
  }

  /** Returns the stages in order. */
  static List<Stage> chain(Stage... stages) {
    return List.of(stages);
  }

  /** Returns the numbers of a numbers job's result, a JSON array, in order. */
  static List<Long> numbers(JsonNode result) {
    List<Long> numbers = new ArrayList<>();
    result.forEach(value -> numbers.add(value.longValue()));
    return numbers;
  }
}
