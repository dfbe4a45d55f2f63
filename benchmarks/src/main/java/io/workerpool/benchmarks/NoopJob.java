package io.workerpool.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.core.job.TaskSink;

/**
 * The benchmark's {@code noop} job: {@code {"tasks": N}} lists N tasks that do nothing, so a run
 * measures the pool's own cost per task. The result is {@code {"count": N}}.
 */
public final class NoopJob implements JobHandler {

  public static final String TYPE = "noop";

  /** The largest task count one job may ask for. */
  static final int MAX_TASKS = 10_000_000;

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(JsonNode params) throws InvalidJobException {
    JobParams.positiveInt(params, "tasks", MAX_TASKS);
  }

  @Override
  public void listTasks(JsonNode params, TaskSink sink) throws Exception {
    int tasks = JobParams.positiveInt(params, "tasks", MAX_TASKS);
    for (int i = 0; i < tasks; i++) {
      if (!sink.offer(JsonNodeFactory.instance.objectNode())) {
        return;
      }
    }
  }

  @Override
  public JsonNode processTask(JsonNode input) {
    return JsonNodeFactory.instance.objectNode();
  }

  @Override
  public String describeTask(JsonNode input) {
    return "noop task";
  }

  @Override
  public ResultCombiner newCombiner() {
    return new CountCombiner();
  }
}
