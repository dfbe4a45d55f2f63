package io.workerpool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobSpecTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void builderSetsDefaults() {
    JobSpec spec = JobSpec.builder("friends").build();

    assertThat(JobIds.isValid(spec.jobId())).isTrue();
    assertThat(spec.completion()).isEqualTo(Completion.ALL);
    assertThat(spec.deadline()).isEqualTo(Duration.ofSeconds(60));
    assertThat(spec.stages()).isEmpty();
    assertThat(spec.params().isEmpty()).isTrue();
    assertThat(spec.queue()).isNull();
  }

  @Test
  void requestCarriesEverySetting() {
    Stage multiply = Stage.of("multiply", JsonNodeFactory.instance.objectNode().put("by", 2));
    JobSpec spec = JobSpec.builder("numbers")
        .jobId("job-1")
        .params(JsonNodeFactory.instance.objectNode().put("count", 5))
        .deadline(Duration.ofSeconds(30))
        .completion(Completion.take(3))
        .stages(List.of(multiply))
        .queue("interactive")
        .build();

    JobRequest request = spec.toRequest(NOW);

    assertThat(request.jobId()).isEqualTo("job-1");
    assertThat(request.type()).isEqualTo("numbers");
    assertThat(request.params().get("count").asInt()).isEqualTo(5);
    assertThat(request.submittedAt()).isEqualTo(NOW);
    assertThat(request.deadline()).isEqualTo(NOW.plusSeconds(30));
    assertThat(request.completion()).isEqualTo(Completion.take(3));
    assertThat(request.stages()).containsExactly(multiply);
    assertThat(request.queue()).isEqualTo("interactive");
  }

  @Test
  void zeroDeadlineIsRejectedWithTheValue() {
    JobSpec spec = JobSpec.builder("friends").deadline(Duration.ZERO).build();

    assertThatThrownBy(() -> spec.toRequest(NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid deadline 0ms")
        .hasMessageContaining("at most 604800s");
  }

  @Test
  void invalidJobIdIsRejectedWithTheValue() {
    JobSpec spec = JobSpec.builder("friends").jobId("no spaces").build();

    assertThatThrownBy(() -> spec.toRequest(NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'no spaces'");
  }

  @Test
  void blankTypeIsRejected() {
    JobSpec spec = JobSpec.builder(" ").build();

    assertThatThrownBy(() -> spec.toRequest(NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid job type ' '");
  }

  @Test
  void invalidQueueIsRejectedWithTheValue() {
    JobSpec spec = JobSpec.builder("friends").queue("no spaces").build();

    assertThatThrownBy(() -> spec.toRequest(NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid queue name 'no spaces'");
  }
}
