package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.workerpool.core.client.PendingJob;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The limits against resource exhaustion, on role processes with low limits. */
class LimitsSystemTest {

  /** 320 friends: an outcome of about 20 kB. */
  private static final int USER_WITH_HUNDREDS = 35828;
  /** 2,958 friends. */
  private static final int USER_WITH_THOUSANDS = 19222;
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private static PoolFixture pool;

  @BeforeAll
  static void startPool() throws Exception {
    pool = PoolFixture.start("limits", 1, Map.of(
        "PRODUCER_MAX_TASKS_PER_JOB", "1000",
        "PRODUCER_MAX_JOB_BYTES", "4096",
        "REDUCER_MAX_OUTCOME_BYTES", "4000"));
  }

  @AfterAll
  static void stopPool() throws Exception {
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void jobOverTaskLimitFailsListing() throws Exception {
    JobOutcome outcome = pool.run(USER_WITH_THOUSANDS, DEADLINE);

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().step()).isEqualTo(Step.LIST);
    assertThat(outcome.error().message()).contains("more than 1000 tasks");
    assertThat(outcome.error().message()).contains("PRODUCER_MAX_TASKS_PER_JOB");
    assertThat(outcome.error().origin()).startsWith("producer-");
    assertThat(outcome.stats().listed()).isEqualTo(1000);
  }

  @Test
  void outcomeOverSizeLimitFails() throws Exception {
    JobOutcome outcome = pool.run(USER_WITH_HUNDREDS, DEADLINE);

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.result()).isNull();
    assertThat(outcome.error().step()).isEqualTo(Step.REDUCE);
    assertThat(outcome.error().message()).contains("limit of 4000 bytes");
    assertThat(outcome.error().message()).contains("REDUCER_MAX_OUTCOME_BYTES");
    assertThat(outcome.stats().completed()).isEqualTo(320);
  }

  @Test
  void oversizedJobMessageFailsSubmit() throws Exception {
    String jobId = JobIds.newJobId();
    Instant now = Instant.now();
    String json = "{\"version\":1,\"jobId\":\"" + jobId + "\",\"type\":\"friends\","
        + "\"params\":{\"userId\":0,\"padding\":\"" + "x".repeat(5000) + "\"},"
        + "\"submittedAt\":\"" + now + "\",\"deadline\":\"" + now.plus(DEADLINE) + "\"}";

    try (PendingJob job = pool.submitRaw(jobId, json)) {
      JobOutcome outcome = pool.awaitOutcome(jobId, DEADLINE);

      assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
      assertThat(outcome.error().step()).isEqualTo(Step.SUBMIT);
      assertThat(outcome.error().message()).contains("limit of 4096 bytes");
      assertThat(outcome.error().message()).contains("PRODUCER_MAX_JOB_BYTES");
    }
  }
}
