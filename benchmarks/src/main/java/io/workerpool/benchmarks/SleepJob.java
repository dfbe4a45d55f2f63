package io.workerpool.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.core.job.TaskFailedException;
import io.workerpool.core.job.TaskSink;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's {@code sleep} job, an I/O-bound task stand-in:
 * {@code {"tasks": N, "sleep": "20ms", "failAt": 4, "listDelay": "1ms"}} lists N tasks that each
 * sleep for {@code sleep}. The task with index {@code failAt} (counted from 0) fails instead,
 * when {@code failAt} is given. {@code listDelay} pauses the listing before each task, like a
 * slow paged source, so a failure can happen while the producer still lists.
 *
 * <p>Each task's output is {@code {"startedAt": MICROS}}, the worker's clock in microseconds
 * since the epoch when the task started, so a benchmark can count tasks that started after a
 * failure. The result is {@code {"count": N}}.
 */
public final class SleepJob implements JobHandler {

  public static final String TYPE = "sleep";

  private static final int MAX_TASKS = 10_000_000;
  private static final Duration MAX_SLEEP = Duration.ofMinutes(1);

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void validate(JsonNode params) throws InvalidJobException {
    JobParams.positiveInt(params, "tasks", MAX_TASKS);
    JobParams.optionalIndex(params, "failAt");
    for (String name : new String[] {"sleep", "listDelay"}) {
      Duration value = JobParams.optionalDuration(params, name);
      if (value.compareTo(MAX_SLEEP) > 0) {
        throw new InvalidJobException("invalid job parameter '" + name + "' = "
            + params.get(name) + ": expected at most 1m");
      }
    }
  }

  @Override
  public void listTasks(JsonNode params, TaskSink sink) throws Exception {
    int tasks = JobParams.positiveInt(params, "tasks", MAX_TASKS);
    int failAt = JobParams.optionalIndex(params, "failAt");
    long sleepMicros = JobParams.optionalDuration(params, "sleep").toNanos() / 1_000;
    long listDelayMicros = JobParams.optionalDuration(params, "listDelay").toNanos() / 1_000;
    for (int i = 0; i < tasks; i++) {
      if (listDelayMicros > 0) {
        TimeUnit.MICROSECONDS.sleep(listDelayMicros);
      }
      JsonNode input = JsonNodeFactory.instance.objectNode()
          .put("index", i)
          .put("sleepMicros", sleepMicros)
          .put("fail", i == failAt);
      if (!sink.offer(input)) {
        return;
      }
    }
  }

  @Override
  public JsonNode processTask(JsonNode input) throws TaskFailedException, InterruptedException {
    Instant startedAt = Instant.now();
    if (input.path("fail").asBoolean(false)) {
      throw new TaskFailedException("sleep task " + input.path("index").asInt()
          + " failed because the job's failAt parameter names it");
    }
    TimeUnit.MICROSECONDS.sleep(input.path("sleepMicros").asLong(0));
    long micros = TimeUnit.SECONDS.toMicros(startedAt.getEpochSecond())
        + startedAt.getNano() / 1_000;
    return JsonNodeFactory.instance.objectNode().put("startedAt", micros);
  }

  @Override
  public String describeTask(JsonNode input) {
    return "sleep task " + input.path("index").asText("?");
  }

  @Override
  public ResultCombiner newCombiner() {
    return new CountCombiner();
  }
}
