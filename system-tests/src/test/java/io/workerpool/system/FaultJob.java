package io.workerpool.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.core.job.TaskFailedException;
import io.workerpool.core.job.TaskSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A job type for fault tests, found by the role processes on the system tests' class path:
 * {@code {"tasks": N, "sleepMillis": 7000, "haltAt": 0, "runLog": "/tmp/runs.log"}} lists N
 * tasks. Each task appends its index to the file {@code runLog} when it starts, so a test can
 * count the runs, then sleeps for {@code sleepMillis}. The task with index {@code haltAt}
 * instead halts its worker's JVM, as a task that crashes its worker would. The tasks with an
 * index below {@code failFirst} fail at once, and the task with index {@code quickAt} sleeps
 * {@code quickMillis} instead. A task's output is {@code {"index": I}}, and the result is
 * {@code {"count": N}}.
 */
public final class FaultJob implements JobHandler {

  static final String TYPE = "fault";

  /** The exit status of a worker that a {@code haltAt} task halted. */
  static final int HALT_STATUS = 70;

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(JsonNode params) throws InvalidJobException {
    if (params.path("tasks").asInt(0) < 1 || !params.path("runLog").isTextual()) {
      throw new InvalidJobException("invalid fault job parameters " + params
          + ": expected a positive 'tasks' and a 'runLog' file path");
    }
  }

  @Override
  public void listTasks(JsonNode params, TaskSink sink) throws Exception {
    for (int i = 0; i < params.get("tasks").asInt(); i++) {
      JsonNode input = JsonNodeFactory.instance.objectNode()
          .put("index", i)
          .put("sleepMillis", i == params.path("quickAt").asInt(-1)
              ? params.path("quickMillis").asLong(0) : params.path("sleepMillis").asLong(0))
          .put("halt", i == params.path("haltAt").asInt(-1))
          .put("fail", i < params.path("failFirst").asInt(0))
          .put("runLog", params.get("runLog").asText());
      if (!sink.offer(input)) {
        return;
      }
    }
  }

  @Override
  public JsonNode processTask(JsonNode input) throws InterruptedException, TaskFailedException {
    int index = input.get("index").asInt();
    appendRun(Path.of(input.get("runLog").asText()), index);
    if (input.get("halt").asBoolean()) {
      Runtime.getRuntime().halt(HALT_STATUS);
    }
    if (input.path("fail").asBoolean()) {
      throw new TaskFailedException("fault task " + index + " fails as its job's 'failFirst' "
          + "parameter asks");
    }
    Thread.sleep(input.get("sleepMillis").asLong());
    return JsonNodeFactory.instance.objectNode().put("index", index);
  }

  @Override
  public String describeTask(JsonNode input) {
    return "fault task " + input.path("index").asText("?");
  }

  @Override
  public ResultCombiner newCombiner() {
    return new ResultCombiner() {
      private long count;

      @Override
      public void add(JsonNode output) {
        count++;
      }

      @Override
      public JsonNode result() {
        return JsonNodeFactory.instance.objectNode().put("count", count);
      }
    };
  }

  /** Returns the task indexes in {@code runLog}, one per run, in the order the runs started. */
  static List<Integer> runs(Path runLog) throws IOException {
    if (!Files.exists(runLog)) {
      return List.of();
    }
    return Files.readAllLines(runLog).stream().map(Integer::parseInt).toList();
  }

  private static synchronized void appendRun(Path runLog, int index) {
    try {
      Files.writeString(runLog, index + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the run log " + runLog, e);
    }
  }
}
