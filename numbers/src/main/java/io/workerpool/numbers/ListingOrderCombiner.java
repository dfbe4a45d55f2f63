package io.workerpool.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.job.ResultCombiner;
import java.util.TreeMap;

/** Combines outputs into a JSON array in the producer's listing order, whatever their arrival. */
final class ListingOrderCombiner implements ResultCombiner {

  private final TreeMap<Long, JsonNode> bySequence = new TreeMap<>();

  @Override
  public void add(long sequence, JsonNode output) {
    bySequence.put(sequence, output);
  }

  /** Adds an output whose position is unknown; it goes after those added so far. */
  @Override
  public void add(JsonNode output) {
    bySequence.put(bySequence.isEmpty() ? 0 : bySequence.lastKey() + 1, output);
  }

  @Override
  public JsonNode result() {
    ArrayNode values = JsonNodeFactory.instance.arrayNode();
    bySequence.values().forEach(values::add);
    return values;
  }
}
