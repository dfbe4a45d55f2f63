package io.workerpool.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.config.SizeLimit;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import io.workerpool.protocol.TaskStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResultSizeLimitTest {

  private static final Instant SUBMITTED = Instant.parse("2026-12-04T10:00:00Z");
  private final ResultSizeLimit limit =
      new ResultSizeLimit(new SizeLimit(ResultSizeLimit.SETTING, 500));

  @Test
  void resultWithinLimitIsKept() {
    TaskResult result = succeeded(100);

    assertThat(limit.enforce(result, encodedSize(result))).isSameAs(result);
  }

  @Test
  void resultOverLimitBecomesFailed() {
    TaskResult result = succeeded(1_000);
    int size = encodedSize(result);

    TaskResult checked = limit.enforce(result, size);

    assertThat(checked.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(checked.output()).isNull();
    assertThat(checked.taskId()).isEqualTo("job-1#0");
    assertThat(checked.submittedAt()).isEqualTo(SUBMITTED);
    assertThat(checked.error().step()).isEqualTo(Step.TASK);
    assertThat(checked.error().taskId()).isEqualTo("job-1#0");
    assertThat(checked.error().message()).contains(size + " bytes");
    assertThat(checked.error().message()).contains("limit of 500 bytes");
    assertThat(checked.error().message()).contains("WORKER_MAX_RESULT_BYTES");
    assertThat(checked.error().origin()).isEqualTo("worker-test");
  }

  @Test
  void failedResultIsNeverReplaced() {
    TaskResult oversized = succeeded(1_000);
    TaskResult failed = limit.enforce(oversized, encodedSize(oversized));

    assertThat(limit.enforce(failed, 1_000_000)).isSameAs(failed);
  }

  private static int encodedSize(TaskResult result) {
    return MessageCodec.encode(result).length;
  }

  private static TaskResult succeeded(int outputChars) {
    JobRequest job = JobRequest.of("job-1", "friends", JsonNodeFactory.instance.objectNode(),
        SUBMITTED, SUBMITTED.plusSeconds(60));
    Task task = Task.of(job, 0, JsonNodeFactory.instance.objectNode());
    return TaskResult.succeeded(task,
        JsonNodeFactory.instance.objectNode().put("text", "x".repeat(outputChars)), "worker-test");
  }
}
