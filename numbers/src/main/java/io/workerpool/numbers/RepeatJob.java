package io.workerpool.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.core.job.TaskFailedException;
import io.workerpool.core.job.TaskSink;

/**
 * The {@code repeat} job, Go's repeat generator: for {@code {"values": [1, 2, 3, 4]}} it lists
 * the values as tasks, over and over, and each task's output is its number. The source is
 * endless unless {@code "times": N} bounds it to N rounds, so a job of this type needs
 * completion {@code TAKE}; without it the producer stops at its task limit and the job fails.
 * Chain {@code multiply} and {@code add} stages after it to build a pipeline.
 */
public final class RepeatJob implements JobHandler {

  public static final String TYPE = "repeat";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(JsonNode params) throws InvalidJobException {
    NumberParams.requireValues(params);
    if (params.has("times")) {
      long times = NumberParams.requireLong(params, "times", "{\"times\": 3}");
      if (times < 1) {
        throw new InvalidJobException("invalid job parameter 'times' = " + times
            + ": expected at least 1, or leave it out for an endless source");
      }
    }
  }

  @Override
  public void listTasks(JsonNode params, TaskSink sink) throws Exception {
    long[] values = NumberParams.requireValues(params);
    long times = params.has("times") ? params.get("times").longValue() : Long.MAX_VALUE;
    for (long round = 0; round < times; round++) {
      for (long value : values) {
        if (!sink.offer(JsonNodeFactory.instance.numberNode(value))) {
          return;
        }
      }
    }
  }

  @Override
  public JsonNode processTask(JsonNode input) throws TaskFailedException {
    return JsonNodeFactory.instance.numberNode(NumberParams.requireTaskNumber(input, "number"));
  }

  @Override
  public String describeTask(JsonNode input) {
    return "number " + input;
  }

  @Override
  public ResultCombiner newCombiner() {
    return new ListingOrderCombiner();
  }
}
