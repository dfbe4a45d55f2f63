package io.workerpool.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.core.job.TaskFailedException;
import io.workerpool.core.job.TaskSink;

/**
 * A job type that applies one exact operation with a fixed operand to whole numbers. As a job of
 * its own, {@code {"values": [...], OPERAND: N}} lists one task per value. As a stage of a
 * chained job, {@code {OPERAND: N}} applies to each output of the stage before. A result outside
 * Long.MIN_VALUE to Long.MAX_VALUE fails the task, and with it the job.
 */
abstract class ArithmeticJob implements JobHandler {

  private static final String VALUE = "value";

  private final String type;
  private final String operand;

  ArithmeticJob(String type, String operand) {
    this.type = type;
    this.operand = operand;
  }

  /**
   * Applies the operation.
   *
   * @throws ArithmeticException when the result overflows a long
   */
  abstract long apply(long value, long operand);

  @Override
  public final String type() {
    return type;
  }

  @Override
  public final void validate(JsonNode params) throws InvalidJobException {
    NumberParams.requireValues(params);
    validateStage(params);
  }

  @Override
  public final void validateStage(JsonNode stageParams) throws InvalidJobException {
    NumberParams.requireLong(stageParams, operand, "{\"" + operand + "\": 2}");
  }

  @Override
  public final void listTasks(JsonNode params, TaskSink sink) throws Exception {
    JsonNode operandValue = params.get(operand);
    for (long value : NumberParams.requireValues(params)) {
      JsonNode task = JsonNodeFactory.instance.objectNode()
          .put(VALUE, value)
          .set(operand, operandValue);
      if (!sink.offer(task)) {
        return;
      }
    }
  }

  @Override
  public final JsonNode processTask(JsonNode input) throws TaskFailedException {
    return compute(input.get(VALUE), input.get(operand));
  }

  @Override
  public final JsonNode processStage(JsonNode input, JsonNode stageParams)
      throws TaskFailedException {
    return compute(input, stageParams.get(operand));
  }

  private JsonNode compute(JsonNode value, JsonNode operandValue) throws TaskFailedException {
    long number = NumberParams.requireTaskNumber(value, "number");
    long by = NumberParams.requireTaskNumber(operandValue, type + " operand '" + operand + "'");
    try {
      return JsonNodeFactory.instance.numberNode(apply(number, by));
    } catch (ArithmeticException e) {
      throw new TaskFailedException(type + " of " + number + " and " + by + " overflows: the "
          + "result is outside " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
    }
  }

  @Override
  public final String describeTask(JsonNode input) {
    JsonNode value = input.isObject() ? input.get(VALUE) : input;
    return type + " of " + value;
  }

  @Override
  public final ResultCombiner newCombiner() {
    return new ListingOrderCombiner();
  }
}
