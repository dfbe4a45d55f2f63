package io.workerpool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.MessageCodec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobOutcomesTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void succeededOutcomeReturnsResult() {
    ObjectNode result = JsonNodeFactory.instance.objectNode().put("airtoxin", 23977);
    JobOutcome outcome = new JobOutcome(MessageCodec.VERSION, "job-1", "friends",
        JobStatus.SUCCEEDED, result, null, new JobStats(1, 1, 0, 0), NOW, NOW);

    assertThat(JobOutcomes.resultOrThrow(outcome)).isEqualTo(result);
  }

  @Test
  void failedOutcomeThrowsWithError() {
    JobError error = new JobError(JobError.Step.TASK, "profile source failed for user 22",
        "job-1#3", "worker-host-42");
    JobOutcome outcome = new JobOutcome(MessageCodec.VERSION, "job-1", "friends",
        JobStatus.FAILED, null, error, new JobStats(4, 2, 1, 1), NOW, NOW);

    assertThatThrownBy(() -> JobOutcomes.resultOrThrow(outcome))
        .isInstanceOf(JobFailedException.class)
        .hasMessage("job job-1 ended FAILED at step TASK (task job-1#3): profile source failed "
            + "for user 22 [origin worker-host-42]")
        .extracting(e -> ((JobFailedException) e).outcome())
        .isEqualTo(outcome);
  }

  @Test
  void cancelledOutcomeThrowsWithClientError() {
    JobError error = new JobError(JobError.Step.CLIENT, "cancelled by client c-1: wrong user",
        null, "c-1");
    JobOutcome outcome = new JobOutcome(MessageCodec.VERSION, "job-2", "friends",
        JobStatus.CANCELLED, null, error, new JobStats(9, 2, 0, 7), NOW, NOW);

    assertThatThrownBy(() -> JobOutcomes.resultOrThrow(outcome))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("job job-2 ended CANCELLED at step CLIENT")
        .hasMessageContaining("wrong user");
  }
}
