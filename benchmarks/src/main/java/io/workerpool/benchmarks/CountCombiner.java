package io.workerpool.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.job.ResultCombiner;

/** Counts a job's task outputs; the result is {@code {"count": N}}. */
final class CountCombiner implements ResultCombiner {

  private long count;

  @Override
  public void add(JsonNode output) {
    count++;
  }

  @Override
  public JsonNode result() {
    return JsonNodeFactory.instance.objectNode().put("count", count);
  }
}
