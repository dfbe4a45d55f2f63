package io.workerpool.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.protocol.JobEvent;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import java.time.Duration;
import java.time.Instant;

/**
 * Times the protocol codec in one thread. It decodes a no-op task and its result, as a worker
 * and the reducer do, and encodes a result. {@link MessageCodec#decode} reads a tree first and
 * then binds the record. For comparison, this also times binding straight from the bytes. Run
 * it with the roles' JIT option to see what a role pays:
 *
 * <pre>java -XX:TieredStopAtLevel=1 -cp "benchmarks/target/workerpool-benchmarks.jar:benchmarks/target/lib/*" io.workerpool.benchmarks.CodecBenchmark</pre>
 */
public final class CodecBenchmark {

  private static final int ROUNDS = 5;
  private static final int MESSAGES = 200_000;

  private CodecBenchmark() {}

  /** Prints microseconds per message for each operation, one line per round. */
  public static void main(String[] args) throws Exception {
    Instant now = Instant.now();
    JobRequest job = JobRequest.of("codec-benchmark", NoopJob.TYPE,
        JsonNodeFactory.instance.objectNode().put("tasks", 20_000), now,
        now.plus(Duration.ofMinutes(10)));
    Task task = Task.of(job, 12_345, JsonNodeFactory.instance.objectNode());
    TaskResult result = TaskResult.succeeded(task, JsonNodeFactory.instance.objectNode(),
        "worker-benchmark-host-12345");
    byte[] taskBytes = MessageCodec.encode(task);
    byte[] resultBytes = MessageCodec.encode(result);
    ObjectMapper mapper = MessageCodec.mapper();
    for (int round = 1; round <= ROUNDS; round++) {
      System.out.printf("round %d: task decode %.2f us (one pass %.2f us), result decode "
              + "%.2f us (one pass %.2f us), result encode %.2f us%n", round,
          micros(bytes -> MessageCodec.decode(bytes, Task.class).sequence(), taskBytes),
          micros(bytes -> mapper.readValue(bytes, Task.class).sequence(), taskBytes),
          micros(bytes -> ((TaskResult) MessageCodec.decode(bytes, JobEvent.class)).sequence(),
              resultBytes),
          micros(bytes -> ((TaskResult) mapper.readValue(bytes, JobEvent.class)).sequence(),
              resultBytes),
          micros(bytes -> MessageCodec.encode(result).length, resultBytes));
    }
  }

  /** Returns the mean microseconds of {@code operation} over {@link #MESSAGES} calls. */
  private static double micros(Operation operation, byte[] bytes) throws Exception {
    long sum = 0;
    long start = System.nanoTime();
    for (int i = 0; i < MESSAGES; i++) {
      sum += operation.applyAsLong(bytes);
    }
    long elapsed = System.nanoTime() - start;
    if (sum == Long.MIN_VALUE) {
      System.out.println(sum);
    }
    return elapsed / 1e3 / MESSAGES;
  }

  /** One timed call. The benchmark sums its results, so the JIT cannot drop the call. */
  @FunctionalInterface
  private interface Operation {
    long applyAsLong(byte[] bytes) throws Exception;
  }
}
