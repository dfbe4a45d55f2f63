package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.core.client.PendingJob;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs whose own tasks go to a queue of their own workers, on real role processes: such a job
 * runs at once while the shared tasks topic has a backlog that keeps every shared worker busy.
 */
class JobQueueSystemTest {

  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final Duration WAIT = DEADLINE.plusSeconds(30);
  /** Backlog tasks: 2 shared workers with 8 threads each start 16 per 20 s. */
  private static final int BACKLOG_TASKS = 64;

  private static PoolFixture pool;

  @BeforeAll
  static void startPool() throws Exception {
    pool = PoolFixture.start("job-queue", 2, Map.of());
  }

  @AfterAll
  static void stopPool() throws Exception {
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void queuedJobRunsBesideSharedBacklog(@TempDir Path directory) throws Exception {
    Path runLog = directory.resolve("runs.log");
    ObjectNode backlogParams = JsonNodeFactory.instance.objectNode()
        .put("tasks", BACKLOG_TASKS)
        .put("sleepMillis", 20_000)
        .put("runLog", runLog.toString());
    try (QueueWorker interactive = QueueWorker.start("interactive", pool.environment());
        PendingJob backlog = pool.submitJob(FaultJob.TYPE, backlogParams, DEADLINE)) {
      await().atMost(Duration.ofSeconds(60))
          .until(() -> FaultJob.runs(runLog).size() >= 8);

      JobOutcome quick;
      try (PendingJob job = pool.submitQueued("repeat", repeatOnce(), "interactive", DEADLINE)) {
        quick = job.awaitOutcome(WAIT);
      }

      assertThat(quick.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(quick.result().toString()).isEqualTo("[1,2,3]");
      // The shared workers had not started the backlog's later tasks when the queued job ended.
      assertThat(FaultJob.runs(runLog)).hasSizeLessThan(BACKLOG_TASKS);
      assertThat(interactive.metrics()).containsPattern(Pattern.compile(
          "workerpool_tasks_processed_total\\{[^}]*outcome=\"succeeded\"[^}]*} 3.0"));

      pool.cancel(backlog.jobId());
      assertThat(backlog.awaitOutcome(WAIT).status()).isEqualTo(JobStatus.CANCELLED);
    }
  }

  @Test
  void jobOnMissingQueueFailsAtSubmit() throws Exception {
    JobOutcome outcome;
    try (PendingJob job = pool.submitQueued("repeat", repeatOnce(), "nobody", DEADLINE)) {
      outcome = job.awaitOutcome(WAIT);
    }

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().step()).isEqualTo(Step.SUBMIT);
    assertThat(outcome.error().message())
        .startsWith("queue 'nobody' has no topic " + pool.topics().tasks("nobody"))
        .contains("WORKER_QUEUE=nobody");
    assertThat(outcome.stats().listed()).isZero();
  }

  private static JsonNode repeatOnce() {
    ObjectNode params = JsonNodeFactory.instance.objectNode().put("times", 1);
    params.putArray("values").add(1).add(2).add(3);
    return params;
  }
}
