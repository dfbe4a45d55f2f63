package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.cli.RoleProcess;
import io.workerpool.core.client.PendingJob;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reducer killed with SIGKILL mid-job: the reducer that replaces it rebuilds the state of the
 * unfinished jobs from Kafka, and every job gets exactly one outcome.
 */
class ReducerRestartSystemTest {

  /** A user with 2,468 friends: at 20 ms a profile, two workers need about 25 s. */
  private static final int USER_WITH_THOUSANDS = 13638;
  /** Not in the dataset: the producer fails the job at once, before any task runs. */
  private static final int UNKNOWN_USER = 99_999;
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  /** Tasks of the slow fault job. */
  private static final int SLOW_TASKS = 12;

  private static PoolFixture pool;
  private static int reducers = 1;

  @BeforeAll
  static void startPool() throws Exception {
    pool = PoolFixture.start("reducer-restart", 2, Map.of("PROFILE_FETCH_LATENCY", "20ms"));
  }

  @AfterAll
  static void stopPool() throws Exception {
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void killedReducerLosesNoResult() throws Exception {
    JobOutcome outcome;
    String jobId;
    try (PendingJob job = pool.submit(USER_WITH_THOUSANDS, DEADLINE)) {
      jobId = job.jobId();
      await().atMost(Duration.ofSeconds(60)).until(() -> pool.resultCount(job.jobId()) >= 300);

      replaceReducer();
      outcome = job.awaitOutcome(DEADLINE);
    }

    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result()).isEqualTo(PoolFixture.expectedFriendsMap(USER_WITH_THOUSANDS));
    assertThat(outcome.stats()).isEqualTo(new JobStats(2_468, 2_468, 0, 0));
    await().atMost(Duration.ofSeconds(30)).until(pool::reducersCommittedEverything);
    assertThat(pool.outcomesOf(jobId)).hasSize(1);
  }

  @Test
  void finishedJobGetsNoSecondOutcome(@TempDir Path directory) throws Exception {
    // Tasks of 15 s keep the slow job unfinished however loaded the machine is.
    ObjectNode slowParams = JsonNodeFactory.instance.objectNode()
        .put("tasks", SLOW_TASKS)
        .put("sleepMillis", 15_000)
        .put("runLog", directory.resolve("runs.log").toString());
    try (PendingJob slow = pool.submitJob(FaultJob.TYPE, slowParams, DEADLINE)) {
      // The quick job shares the slow job's partitions, so the slow job keeps the reducer from
      // committing past the quick job's records, and the new reducer reads them again.
      String quickId = pool.jobIdOnPartitionOf(slow.jobId());
      JobOutcome quick;
      try (PendingJob quickJob = pool.submitWithId(quickId, UNKNOWN_USER, DEADLINE)) {
        quick = quickJob.awaitOutcome(DEADLINE);
      }
      int slowResultsAtKill = pool.resultCount(slow.jobId());

      replaceReducer();
      JobOutcome slowOutcome = slow.awaitOutcome(DEADLINE);

      assertThat(slowResultsAtKill).isLessThan(SLOW_TASKS);
      assertThat(quick.status()).isEqualTo(JobStatus.FAILED);
      assertThat(slowOutcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(slowOutcome.stats().completed()).isEqualTo(SLOW_TASKS);
      await().atMost(Duration.ofSeconds(30)).until(pool::reducersCommittedEverything);
      assertThat(pool.outcomesOf(quickId)).containsExactly(quick);
      assertThat(pool.outcomesOf(slow.jobId())).containsExactly(slowOutcome);
    }
  }

  @Test
  void clientCancelSurvivesReducerRestart() throws Exception {
    JobOutcome outcome;
    try (PendingJob job = pool.submit(USER_WITH_THOUSANDS, DEADLINE)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> pool.resultCount(job.jobId()) >= 100);
      pool.cancel(job.jobId());

      replaceReducer();
      outcome = job.awaitOutcome(DEADLINE);
    }

    assertThat(outcome.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(outcome.error().message()).contains("requested by the test");
  }

  @Test
  void joiningReducerPublishesNoDuplicate() throws Exception {
    JobOutcome outcome;
    String jobId;
    try (PendingJob job = pool.submit(USER_WITH_THOUSANDS, DEADLINE)) {
      jobId = job.jobId();
      await().atMost(Duration.ofSeconds(60)).until(() -> pool.resultCount(job.jobId()) >= 300);

      pool.roles().startRole("reducer", "reducer-joined");
      outcome = job.awaitOutcome(DEADLINE);
    }
    RoleProcess joined = pool.roles().role("reducer-joined");
    joined.terminate();
    assertThat(joined.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.stats()).isEqualTo(new JobStats(2_468, 2_468, 0, 0));
    await().atMost(Duration.ofSeconds(30)).until(pool::reducersCommittedEverything);
    assertThat(pool.outcomesOf(jobId)).containsExactly(outcome);
    assertThat(joined.process().exitValue()).isZero();
  }

  @Test
  void reusedIdIsRejectedAfterRestart() throws Exception {
    JobOutcome first = pool.run(0, DEADLINE);

    replaceReducer();
    JobOutcome reused;
    try (PendingJob job = pool.submitWithId(first.jobId(), 0, DEADLINE)) {
      reused = job.awaitOutcome(DEADLINE);
    }

    assertThat(first.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(reused.status()).isEqualTo(JobStatus.FAILED);
    assertThat(reused.error().message()).contains("already used by the job submitted at "
        + first.submittedAt());
  }

  @Test
  void restartedReducerStopsRestOfFirstJob(@TempDir Path temp) throws Exception {
    ObjectNode params = JsonNodeFactory.instance.objectNode()
        .put("tasks", 3)
        .put("quickAt", 0)
        .put("quickMillis", 0)
        .put("sleepMillis", 90_000)
        .put("runLog", temp.resolve("runs.log").toString());
    RoleProcess killed = pool.roles().role(reducers == 1 ? "reducer" : "reducer-" + reducers);
    killed.kill();
    reducers++;

    try (PendingJob job = pool.submitJob(FaultJob.TYPE, params, DEADLINE, Completion.FIRST)) {
      // The quick task's result is stored while no reducer runs, so the new one reads it
      // while it reads the records of its partitions again.
      await().atMost(Duration.ofSeconds(60)).until(() -> pool.resultCount(job.jobId()) >= 1);
      pool.roles().startRole("reducer", "reducer-" + reducers);
      JobOutcome outcome = job.awaitOutcome(DEADLINE);

      assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(outcome.result().path("index").asInt()).isZero();
      // The slow tasks report SKIPPED once the COMPLETED cancel reaches their workers, long
      // before their 90 s sleep ends.
      await().atMost(Duration.ofSeconds(30)).until(() -> pool.resultCount(job.jobId()) == 3);
    }
  }

  /** Kills the running reducer with SIGKILL and starts a new one. */
  private static void replaceReducer() throws Exception {
    String name = reducers == 1 ? "reducer" : "reducer-" + reducers;
    pool.roles().role(name).kill();
    reducers++;
    pool.roles().startRole("reducer", "reducer-" + reducers);
  }
}
