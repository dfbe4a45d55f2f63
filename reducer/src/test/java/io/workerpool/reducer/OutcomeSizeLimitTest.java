package io.workerpool.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.core.config.SizeLimit;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.MessageCodec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutcomeSizeLimitTest {

  private static final Instant SUBMITTED = Instant.parse("2026-12-04T10:00:00Z");
  private static final JobStats STATS = new JobStats(2, 2, 0, 0);

  @Test
  void outcomeWithinLimitIsKept() {
    JobOutcome outcome = succeeded(10);
    int size = MessageCodec.encode(outcome).length;

    JobOutcome checked = limit(size).enforce(outcome);

    assertThat(checked).isSameAs(outcome);
  }

  @Test
  void outcomeOverLimitBecomesFailed() {
    JobOutcome outcome = succeeded(2_000);
    int size = MessageCodec.encode(outcome).length;

    JobOutcome checked = limit(1_000).enforce(outcome);

    assertThat(checked.status()).isEqualTo(JobStatus.FAILED);
    assertThat(checked.result()).isNull();
    assertThat(checked.error().step()).isEqualTo(Step.REDUCE);
    assertThat(checked.error().message()).contains(size + " bytes");
    assertThat(checked.error().message()).contains("limit of 1000 bytes");
    assertThat(checked.error().message()).contains("REDUCER_MAX_OUTCOME_BYTES");
    assertThat(checked.error().origin()).isEqualTo("reducer-test");
    assertThat(checked.stats()).isEqualTo(STATS);
    assertThat(checked.submittedAt()).isEqualTo(SUBMITTED);
    assertThat(MessageCodec.encode(checked).length).isLessThan(1_000);
  }

  @Test
  void failedOutcomeOverLimitKeepsItsCause() {
    JobOutcome outcome = new JobOutcome(MessageCodec.VERSION, "job-1", "friends",
        JobStatus.FAILED, null, new JobError(Step.TASK, "task job-1#3 failed: "
            + "y".repeat(2_000), "job-1#3", "worker-test"), STATS, SUBMITTED,
        SUBMITTED.plusSeconds(1));

    JobOutcome checked = limit(1_000).enforce(outcome);

    assertThat(checked.status()).isEqualTo(JobStatus.FAILED);
    assertThat(checked.error().step()).isEqualTo(Step.REDUCE);
    assertThat(checked.error().message()).contains("limit of 1000 bytes");
    assertThat(checked.error().message()).contains("its TASK error was: task job-1#3 failed: ");
    assertThat(checked.error().message()).doesNotContain("make the job's result smaller");
    assertThat(MessageCodec.encode(checked).length).isLessThan(1_000);
  }

  private static OutcomeSizeLimit limit(int maxBytes) {
    return new OutcomeSizeLimit(new SizeLimit(OutcomeSizeLimit.SETTING, maxBytes),
        "reducer-test");
  }

  private static JobOutcome succeeded(int resultChars) {
    ObjectNode result = JsonNodeFactory.instance.objectNode().put("text", "x".repeat(resultChars));
    return new JobOutcome(MessageCodec.VERSION, "job-1", "friends", JobStatus.SUCCEEDED, result,
        null, STATS, SUBMITTED, SUBMITTED.plusSeconds(1));
  }
}
