package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.client.PendingJob;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.Stage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Chained jobs on real role processes: the numbers jobs' repeat source, then multiply and add
 * stages, on the shared tasks topic and on a queue of its own worker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainedStagesSystemTest {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final Duration WAIT = DEADLINE.plusSeconds(30);
  /** For each of 1, 2, 3, 4 three times: (n × 2 + 1) × 2. */
  private static final List<Long> EXPECTED =
      List.of(6L, 10L, 14L, 18L, 6L, 10L, 14L, 18L, 6L, 10L, 14L, 18L);

  private static PoolFixture pool;

  @BeforeAll
  static void startPool() throws Exception {
    // A failing endless job lists until its cancel arrives; this limit is far above that, so
    // the TASK failure, not the task limit, ends it.
    pool = PoolFixture.start("stages", 2, Map.of("PRODUCER_MAX_TASKS_PER_JOB", "1000000"));
  }

  @AfterAll
  static void stopPool() throws Exception {
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  @Order(1)
  void threeStageChainSucceedsInListingOrder() throws Exception {
    JobOutcome outcome = run(source(List.of(1L, 2L, 3L, 4L), 3), List.of(
        Stage.of("multiply", params("by", 2)),
        Stage.of("add", params("amount", 1)),
        Stage.of("multiply", params("by", 2))));

    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(numbers(outcome.result())).isEqualTo(EXPECTED);
    assertThat(outcome.stats().listed()).isEqualTo(12);
    assertThat(outcome.stats().completed()).isEqualTo(12);
    assertThat(outcome.stats().failed()).isZero();
    assertThat(outcome.stats().skipped()).isZero();
    assertThat(outcome.type()).isEqualTo("repeat");
  }

  @Test
  @Order(2)
  void stageOnOwnQueueRunsOnlyOnItsWorker() throws Exception {
    try (QueueWorker adder = QueueWorker.start("adders", pool.environment())) {
      JobOutcome outcome = run(source(List.of(1L, 2L, 3L, 4L), 3), List.of(
          Stage.of("multiply", params("by", 2)),
          new Stage("add", params("amount", 1), "adders"),
          Stage.of("multiply", params("by", 2))));

      assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(numbers(outcome.result())).isEqualTo(EXPECTED);
      String metrics = adder.metrics();
      // Every one of the 12 add tasks ran on this worker, and nothing else did.
      assertThat(metrics).containsPattern(forwarded("add", "12.0"));
      assertThat(metrics).doesNotContainPattern(forwarded("multiply", ".*"));
      assertThat(metrics).doesNotContainPattern(forwarded("repeat", ".*"));
      assertThat(metrics).doesNotContain("outcome=\"succeeded\"");
    }
  }

  @Test
  @Order(3)
  void unknownStageTypeFailsAtSubmit() throws Exception {
    JobOutcome outcome = run(source(List.of(1L), 1), List.of(
        Stage.of("multiply", params("by", 2)),
        Stage.of("divide", params("by", 2))));

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().step()).isEqualTo(Step.SUBMIT);
    assertThat(outcome.error().message()).startsWith("stage 2 (divide): unknown job type "
        + "'divide'");
    assertThat(outcome.stats().listed()).isZero();
  }

  @Test
  @Order(4)
  void missingQueueFailsAtSubmit() throws Exception {
    JobOutcome outcome = run(source(List.of(1L), 1), List.of(
        new Stage("add", params("amount", 1), "nobody")));

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().step()).isEqualTo(Step.SUBMIT);
    assertThat(outcome.error().message())
        .startsWith("stage 1 (add): queue 'nobody' has no topic " + pool.topics().tasks("nobody"))
        .contains("WORKER_QUEUE=nobody")
        .contains("setup-topics --queue nobody");
    assertThat(outcome.stats().listed()).isZero();
  }

  /** Runs last: its endless source leaves the workers skipping the tasks it listed. */
  @Test
  @Order(5)
  void overflowInMiddleStageStopsEveryStage() throws Exception {
    JobOutcome outcome = run(source(List.of(Long.MAX_VALUE, 1L, 2L, 3L), 0), List.of(
        Stage.of("multiply", params("by", 1)),
        Stage.of("add", params("amount", 1)),
        Stage.of("multiply", params("by", 2))));

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().step()).isEqualTo(Step.TASK);
    assertThat(outcome.error().message())
        .startsWith("stage 2 (add): task " + outcome.jobId() + "#")
        .contains("add of " + Long.MAX_VALUE + " and 1 overflows");
    // Tasks of the same value that were running when the first failed may fail too.
    assertThat(outcome.stats().failed()).isPositive();
    assertThat(outcome.stats().skipped()).isPositive();
    assertThat(outcome.stats().completed() + outcome.stats().failed()
        + outcome.stats().skipped()).isEqualTo(outcome.stats().listed());
    // The producer stopped the endless listing at the cancel, far below its task limit.
    assertThat(outcome.stats().listed()).isLessThan(1_000_000);
  }

  private static JobOutcome run(JsonNode source, List<Stage> stages) throws Exception {
    try (PendingJob job = pool.submitChain("repeat", source, stages, DEADLINE)) {
      return job.awaitOutcome(WAIT);
    }
  }

  private static JsonNode source(List<Long> values, int times) {
    return NumberChains.repeat(values, times);
  }

  private static JsonNode params(String name, long value) {
    return JsonNodeFactory.instance.objectNode().put(name, value);
  }

  private static List<Long> numbers(JsonNode result) {
    return NumberChains.numbers(result);
  }

  private static Pattern forwarded(String stageType, String count) {
    return Pattern.compile("workerpool_tasks_forwarded_total\\{[^}]*stage_type=\"" + stageType
        + "\"[^}]*} " + count);
  }
}
