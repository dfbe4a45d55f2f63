package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.core.client.PendingJob;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.ListingFinished;
import io.workerpool.protocol.ListingFinished.ListingStatus;
import io.workerpool.protocol.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FIRST and TAKE jobs on real role processes. The pool's topics have one partition, so workers
 * receive tasks in listing order, and the producer checkpoints every 20 tasks, which makes an
 * endless listing wait for the broker often enough that a cancel stops it early.
 */
class CompletionModesSystemTest {

  private static final Duration DEADLINE = Duration.ofMinutes(2);
  /** The producer's default PRODUCER_MAX_TASKS_PER_JOB, which this pool keeps. */
  private static final int TASK_LIMIT = 100_000;

  private static PoolFixture pool;

  @TempDir
  Path temp;

  @BeforeAll
  static void startPool() throws Exception {
    pool = PoolFixture.start("modes", 1, Map.of(
        "WORKERPOOL_PARTITIONS", "1",
        "WORKER_CONCURRENCY", "16",
        "PRODUCER_CHECKPOINT_TASKS", "20"));
  }

  @AfterAll
  static void stopPool() throws Exception {
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void firstJobEndsWithFastTaskOutput() throws Exception {
    Path runLog = temp.resolve("first-runs.log");
    ObjectNode params = JsonNodeFactory.instance.objectNode()
        .put("tasks", 400)
        .put("failFirst", 5)
        .put("quickAt", 5)
        .put("quickMillis", 200)
        .put("sleepMillis", 60_000)
        .put("runLog", runLog.toString());

    try (PendingJob job = pool.submitJob(FaultJob.TYPE, params, DEADLINE, Completion.FIRST)) {
      JobOutcome outcome = job.awaitOutcome(DEADLINE);

      assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(outcome.result()).isEqualTo(
          JsonNodeFactory.instance.objectNode().put("index", 5));
      assertThat(outcome.stats().completed()).isEqualTo(1);
      assertThat(outcome.stats().failed()).isLessThanOrEqualTo(5);
      ListingFinished listing = awaitEveryTaskReported(job.jobId());
      assertThat(FaultJob.runs(runLog)).hasSizeLessThan((int) listing.listed() / 4);
    }
  }

  @Test
  void firstJobWhoseTasksAllFailFails() throws Exception {
    ObjectNode params = JsonNodeFactory.instance.objectNode()
        .put("tasks", 20)
        .put("failFirst", 20)
        .put("runLog", temp.resolve("failing-runs.log").toString());

    try (PendingJob job = pool.submitJob(FaultJob.TYPE, params, DEADLINE, Completion.FIRST)) {
      JobOutcome outcome = job.awaitOutcome(DEADLINE);

      assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
      assertThat(outcome.error().step()).isEqualTo(Step.TASK);
      assertThat(outcome.error().message()).startsWith("all 20 tasks failed")
          .contains("as its job's 'failFirst' parameter asks");
      assertThat(outcome.stats().failed()).isEqualTo(20);
    }
  }

  @Test
  void takeJobReturnsFirstValuesInOrder() throws Exception {
    JsonNode params = MessageCodec.mapper().readTree("{\"values\":[1,2,3,4]}");

    try (PendingJob job = pool.submitJob("repeat", params, DEADLINE, Completion.take(10))) {
      JobOutcome outcome = job.awaitOutcome(DEADLINE);

      assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(outcome.result().toString()).isEqualTo("[1,2,3,4,1,2,3,4,1,2]");
      ListingFinished listing = awaitListingReport(job.jobId());
      assertThat(listing.status()).isEqualTo(ListingStatus.COMPLETE);
      assertThat(listing.listed()).isEqualTo(10);
    }
    assertThat(pool.run(0, DEADLINE).status())
        .as("a job submitted after the TAKE job, listed by the same producer")
        .isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void firstJobOnEndlessSourceStopsListing() throws Exception {
    JsonNode params = MessageCodec.mapper().readTree("{\"values\":[7]}");

    try (PendingJob job = pool.submitJob("repeat", params, DEADLINE, Completion.FIRST)) {
      JobOutcome outcome = job.awaitOutcome(DEADLINE);

      assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(outcome.result().asInt()).isEqualTo(7);
      ListingFinished listing = awaitListingReport(job.jobId());
      assertThat(listing.status()).isEqualTo(ListingStatus.STOPPED);
      assertThat(listing.listed()).isPositive().isLessThan(TASK_LIMIT);
    }
    assertThat(pool.run(0, DEADLINE).status())
        .as("a job submitted after the FIRST job, listed by the same producer")
        .isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void submitCommandTakesFromRepeat() throws Exception {
    CommandRun run = CommandRun.of(pool.environment(), DEADLINE, "submit", "--type", "repeat",
        "--params", "{\"values\":[1,2,3]}", "--take", "5");

    assertThat(run.exitStatus()).isZero();
    JobOutcome outcome = MessageCodec.decode(run.stdout().getBytes(StandardCharsets.UTF_8),
        JobOutcome.class);
    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result().toString()).isEqualTo("[1,2,3,1,2]");
    assertThat(run.stderr()).contains("Submitted job " + outcome.jobId() + " (repeat job, "
        + "take 5, deadline");
  }

  @Test
  void submitCommandRejectsInvalidParams() throws Exception {
    CommandRun run = CommandRun.of(Map.of(), DEADLINE, "submit", "--type", "repeat",
        "--params", "{\"values\":[1,2", "--take", "5");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.stderr().strip().lines()).singleElement().asString()
        .startsWith("workerpool: Invalid value for option '--params': '{\"values\":[1,2' is "
            + "not valid JSON");
    assertThat(run.stdout()).isEmpty();
  }

  private static ListingFinished awaitListingReport(String jobId) {
    await().atMost(DEADLINE).until(() -> pool.listingReport(jobId).isPresent());
    return pool.listingReport(jobId).orElseThrow();
  }

  /** Waits until the listing report is in and every listed task has a result. */
  private static ListingFinished awaitEveryTaskReported(String jobId) {
    ListingFinished listing = awaitListingReport(jobId);
    await().atMost(DEADLINE)
        .until(() -> pool.resultsPerTask(jobId).size() >= listing.listed());
    return listing;
  }
}
