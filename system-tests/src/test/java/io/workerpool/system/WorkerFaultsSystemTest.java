package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.core.client.PendingJob;
import io.workerpool.core.kafka.DeadLetters;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker faults on real role processes: a task that halts its worker on every run, and tasks
 * that run longer than the share group's record lock. The pool's record lock is 3 s and its
 * share session timeout 8 s, so a crashed worker's task comes back within seconds, and a 7 s
 * task outlives two locks.
 */
class WorkerFaultsSystemTest {

  /** A task that stops its worker runs twice among other tasks, then at most twice alone. */
  private static final int MAX_RUNS = 4;
  private static final Duration RECORD_LOCK = Duration.ofSeconds(3);
  private static final Duration DEADLINE = Duration.ofMinutes(3);
  /** 320 friends. */
  private static final int USER_WITH_HUNDREDS = 35828;

  private static PoolFixture pool;

  @TempDir
  Path temp;

  @BeforeAll
  static void startPool() throws Exception {
    pool = PoolFixture.start("faults", 1, Map.of(
        "WORKER_RECORD_LOCK", RECORD_LOCK.toSeconds() + "s"));
    pool.shortenShareSessions();
  }

  @AfterAll
  static void stopPool() throws Exception {
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void taskThatCrashesWorkersIsParked() throws Exception {
    Path runLog = temp.resolve("crash-runs.log");
    ObjectNode params = JsonNodeFactory.instance.objectNode()
        .put("tasks", 1)
        .put("haltAt", 0)
        .put("runLog", runLog.toString());

    try (WorkerFleet fleet = WorkerFleet.start(2, pool.environment());
        PendingJob crashing = pool.submitJob(FaultJob.TYPE, params, DEADLINE);
        PendingJob friends = pool.submit(USER_WITH_HUNDREDS, DEADLINE)) {
      JobOutcome outcome = crashing.awaitOutcome(DEADLINE);
      JobOutcome friendsOutcome = friends.awaitOutcome(DEADLINE);

      assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
      assertThat(outcome.error().step()).isEqualTo(Step.TASK);
      assertThat(outcome.error().message()).contains("stopped worker")
          .contains("while it ran alone");
      assertThat(outcome.error().message()).contains("parked in the dead-letters topic");
      assertThat(FaultJob.runs(runLog)).hasSizeBetween(1, MAX_RUNS);
      assertThat(fleet.exitStatuses()).contains(FaultJob.HALT_STATUS);

      String taskId = outcome.error().taskId();
      ConsumerRecord<String, byte[]> deadLetter = pool.awaitDeadLetter(taskId, DEADLINE);
      assertThat(new String(deadLetter.headers().lastHeader(DeadLetters.REASON).value(),
          StandardCharsets.UTF_8)).contains("parked in the dead-letters topic");

      assertThat(friendsOutcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(friendsOutcome.stats().completed()).isEqualTo(320);
    }
  }

  @Test
  void tasksLongerThanRecordLockRunOnce() throws Exception {
    Path runLog = temp.resolve("long-runs.log");
    int tasks = 6;
    ObjectNode params = JsonNodeFactory.instance.objectNode()
        .put("tasks", tasks)
        .put("sleepMillis", RECORD_LOCK.multipliedBy(7).dividedBy(3).toMillis())
        .put("runLog", runLog.toString());

    try (WorkerFleet fleet = WorkerFleet.start(1, pool.environment());
        PendingJob job = pool.submitJob(FaultJob.TYPE, params, DEADLINE)) {
      JobOutcome outcome = job.awaitOutcome(DEADLINE);

      assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(outcome.result().get("count").asInt()).isEqualTo(tasks);
      assertThat(outcome.stats().completed()).isEqualTo(tasks);
      List<Integer> runs = FaultJob.runs(runLog);
      assertThat(runs).hasSize(tasks);
      assertThat(runs).doesNotHaveDuplicates();
      assertThat(fleet.exitStatuses()).isEmpty();
    }
  }
}
