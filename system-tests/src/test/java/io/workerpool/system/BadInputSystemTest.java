package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.workerpool.core.client.PendingJob;
import io.workerpool.core.kafka.DeadLetters;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad job messages on a pool of real processes: each gives its job a FAILED outcome whose error
 * names the bad value, and the pool keeps running other jobs.
 */
class BadInputSystemTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static PoolFixture pool;

  @BeforeAll
  static void startPool() throws Exception {
    pool = PoolFixture.start("bad-input", 1, Map.of());
  }

  @AfterAll
  static void stopPool() throws Exception {
    if (pool != null) {
      pool.close();
    }
  }

  private static JobOutcome runRaw(String jobId, String json) throws Exception {
    try (PendingJob job = pool.submitRaw(jobId, json)) {
      return job.awaitOutcome(WAIT);
    }
  }

  private static String jobJson(String jobId, int version, String type, String params) {
    Instant now = Instant.now();
    return "{\"version\":" + version + ",\"jobId\":\"" + jobId + "\",\"type\":\"" + type
        + "\",\"params\":" + params + ",\"submittedAt\":\"" + now + "\",\"deadline\":\""
        + now.plusSeconds(30) + "\"}";
  }

  @Test
  void malformedJsonFailsJob() throws Exception {
    String jobId = JobIds.newJobId();

    JobOutcome outcome = runRaw(jobId, "{\"version\":1,\"jobId\":");

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().step()).isEqualTo(Step.SUBMIT);
    assertThat(outcome.error().message()).contains("not valid JSON");
    assertThat(outcome.stats().listed()).isZero();
  }

  @Test
  void malformedJobGoesToDeadLetters() throws Exception {
    String jobId = JobIds.newJobId();
    runRaw(jobId, "{\"version\":1,\"jobId\":");

    ConsumerRecord<String, byte[]> letter = pool.awaitDeadLetter(jobId, WAIT);

    assertThat(new String(letter.value(), StandardCharsets.UTF_8))
        .isEqualTo("{\"version\":1,\"jobId\":");
    assertThat(header(letter, DeadLetters.REASON)).contains("not valid JSON");
    assertThat(header(letter, DeadLetters.SOURCE_TOPIC)).isEqualTo(pool.topics().jobs());
    assertThat(header(letter, DeadLetters.SOURCE_PARTITION)).matches("\\d+");
    assertThat(header(letter, DeadLetters.SOURCE_OFFSET)).matches("\\d+");
    assertThat(header(letter, DeadLetters.ORIGIN)).startsWith("producer-");
  }

  @Test
  void unreadableTaskFailsItsJob() throws Exception {
    String jobId = JobIds.newJobId();
    String taskKey = JobIds.taskId(jobId, 99_999);
    pool.sendRaw(pool.topics().tasks(), taskKey, "{\"version\":1}");

    JobOutcome outcome;
    try (PendingJob job = pool.submitWithId(jobId, 31890, WAIT)) {
      outcome = job.awaitOutcome(WAIT);
    }

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().step()).isEqualTo(Step.TASK);
    assertThat(outcome.error().message()).contains("task record " + taskKey)
        .contains("is unreadable");
    assertThat(header(pool.awaitDeadLetter(taskKey, WAIT), DeadLetters.SOURCE_TOPIC))
        .isEqualTo(pool.topics().tasks());
  }

  @Test
  void idOfMalformedJobCannotBeReused() throws Exception {
    String jobId = JobIds.newJobId();
    JobOutcome malformed = runRaw(jobId, "not json{");

    JobOutcome reused;
    try (PendingJob job = pool.submitWithId(jobId, 0, WAIT)) {
      reused = job.awaitOutcome(WAIT);
    }

    assertThat(malformed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(reused.status()).isEqualTo(JobStatus.FAILED);
    assertThat(reused.submittedAt()).isNotNull();
    assertThat(reused.error().step()).isEqualTo(Step.SUBMIT);
    assertThat(reused.error().message()).contains("already used by an earlier record");
  }

  @Test
  void unreadableResultFailsItsJob() throws Exception {
    String jobId = JobIds.newJobId();
    pool.sendRaw(pool.topics().results(), jobId, "{\"kind\":\"task-result\",\"version\":7}");

    JobOutcome outcome;
    try (PendingJob job = pool.submitWithId(jobId, 31890, WAIT)) {
      outcome = job.awaitOutcome(WAIT);
    }

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().step()).isEqualTo(Step.REDUCE);
    assertThat(outcome.error().message()).contains("results record at")
        .contains("is unreadable").contains("version");
    assertThat(header(pool.awaitDeadLetter(jobId, WAIT), DeadLetters.SOURCE_TOPIC))
        .isEqualTo(pool.topics().results());
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void unsupportedVersionFailsJob() throws Exception {
    String jobId = JobIds.newJobId();

    JobOutcome outcome = runRaw(jobId, jobJson(jobId, 9, "friends", "{\"userId\":0}"));

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().message()).contains("version 9").contains("reads version 1");
  }

  @Test
  void unknownJobTypeFailsJob() throws Exception {
    String jobId = JobIds.newJobId();

    JobOutcome outcome = runRaw(jobId, jobJson(jobId, 1, "enemies", "{\"userId\":0}"));

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().step()).isEqualTo(Step.SUBMIT);
    assertThat(outcome.error().message()).contains("unknown job type 'enemies'")
        .contains("friends");
  }

  @Test
  void missingUserIdFailsJob() throws Exception {
    String jobId = JobIds.newJobId();

    JobOutcome outcome = runRaw(jobId, jobJson(jobId, 1, "friends", "{}"));

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().message()).contains("missing job parameter 'userId'");
  }

  @Test
  void unknownUserIdFailsJob() throws Exception {
    JobOutcome outcome = pool.run(99_999, WAIT);

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().message()).contains("user id 99999 not found")
        .contains("0 to 37699");
  }

  @Test
  void nonNumericUserIdFailsJob() throws Exception {
    String jobId = JobIds.newJobId();

    JobOutcome outcome = runRaw(jobId, jobJson(jobId, 1, "friends", "{\"userId\":\"zero\"}"));

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().message()).contains("'userId' = \"zero\"");
  }

  @Test
  void reusedJobIdFailsOnlySecondJob() throws Exception {
    String jobId = JobIds.newJobId();
    JobOutcome first;
    JobOutcome second;
    try (PendingJob original = pool.submitWithId(jobId, 35828, WAIT)) {
      try (PendingJob reused = pool.submitWithId(jobId, 0, WAIT)) {
        second = reused.awaitOutcome(WAIT);
      }
      first = original.awaitOutcome(WAIT);
    }

    assertThat(second.status()).isEqualTo(JobStatus.FAILED);
    assertThat(second.error().message()).contains("job id '" + jobId + "' is already used");
    assertThat(first.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(first.result()).isEqualTo(PoolFixture.expectedFriendsMap(35828));
  }

  @Test
  void goodJobRunsAfterBadOnes() throws Exception {
    runRaw(JobIds.newJobId(), "not json at all");
    runRaw(JobIds.newJobId(), "[]");

    JobOutcome outcome = pool.run(0, WAIT);

    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result().has("airtoxin")).isTrue();
  }
}
