package io.workerpool.producer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.config.Settings;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.Stage;
import io.workerpool.protocol.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks of chained jobs' stages, with the numbers jobs that the producer finds at run time. */
class StageCheckTest {

  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  private static final JobHandlers HANDLERS = JobHandlers.load(Settings.of(Map.of()));

  private final Set<String> existingTopics = Set.of("wp.tasks", "wp.tasks.adders");
  private final StageCheck check = new StageCheck(
      HANDLERS, new Topics("wp."),
      existingTopics::contains);

  @Test
  void validChainPasses() {
    JobRequest job = chain(Stage.of("multiply", params("by", 2)),
        new Stage("add", params("amount", 1), "adders"));

    assertThat(check.check(job)).isEmpty();
  }

  @Test
  void jobWithoutStagesPasses() {
    assertThat(check.check(chain())).isEmpty();
  }

  @Test
  void unknownStageTypeNamesStage() {
    JobRequest job = chain(Stage.of("multiply", params("by", 2)),
        Stage.of("divide", params("by", 2)));

    assertThat(check.check(job)).hasValueSatisfying(message -> assertThat(message)
        .startsWith("stage 2 (divide): unknown job type 'divide'")
        .contains("add, friends, multiply, repeat"));
  }

  @Test
  void invalidStageParamsNameStageAndValue() {
    JobRequest job = chain(Stage.of("add", params("amount", "one")));

    assertThat(check.check(job)).hasValueSatisfying(message -> assertThat(message)
        .startsWith("stage 1 (add): invalid job parameter 'amount' = \"one\""));
  }

  @Test
  void missingQueueTopicNamesFix() {
    JobRequest job = chain(Stage.of("multiply", params("by", 2)),
        new Stage("add", params("amount", 1), "subtractors"));

    assertThat(check.check(job)).hasValueSatisfying(message -> assertThat(message)
        .startsWith("stage 2 (add): queue 'subtractors' has no topic wp.tasks.subtractors")
        .contains("WORKER_QUEUE=subtractors")
        .contains("setup-topics --queue subtractors"));
  }

  @Test
  void jobQueueWithTopicPasses() {
    assertThat(check.check(chain().withQueue("adders"))).isEmpty();
  }

  @Test
  void missingJobQueueTopicNamesFix() {
    assertThat(check.check(chain().withQueue("interactive")))
        .hasValueSatisfying(message -> assertThat(message)
            .startsWith("queue 'interactive' has no topic wp.tasks.interactive")
            .contains("WORKER_QUEUE=interactive")
            .contains("setup-topics --queue interactive"));
  }

  @Test
  void unreachableClusterFailsQueueCheck() {
    StageCheck unreachable = new StageCheck(HANDLERS, new Topics("wp."),
        topic -> {
          throw new IllegalStateException("no response from the Kafka cluster");
        });
    JobRequest job = chain(new Stage("add", params("amount", 1), "adders"));

    assertThat(unreachable.check(job)).hasValueSatisfying(message -> assertThat(message)
        .isEqualTo("stage 1 (add): cannot check queue 'adders': no response from the Kafka "
            + "cluster"));
  }

  @Test
  void tooManyStagesAreRejected() {
    List<Stage> stages = new ArrayList<>(
        Collections.nCopies(StageCheck.MAX_STAGES + 1, Stage.of("add", params("amount", 1))));

    assertThat(check.check(chain(stages.toArray(Stage[]::new))))
        .hasValueSatisfying(message -> assertThat(message)
            .startsWith("the job has 17 later stages: at most 16 are allowed"));
  }

  @Test
  void maxStagesPass() {
    List<Stage> stages = new ArrayList<>(
        Collections.nCopies(StageCheck.MAX_STAGES, Stage.of("add", params("amount", 1))));

    assertThat(check.check(chain(stages.toArray(Stage[]::new)))).isEmpty();
  }

  private static JobRequest chain(Stage... stages) {
    JsonNode source = JsonNodeFactory.instance.objectNode()
        .set("values", JsonNodeFactory.instance.arrayNode().add(1).add(2));
    return JobRequest.of("job-1", "repeat", source, NOW, NOW.plusSeconds(60))
        .withStages(List.of(stages));
  }

  private static JsonNode params(String name, long value) {
    return JsonNodeFactory.instance.objectNode().put(name, value);
  }

  private static JsonNode params(String name, String value) {
    return JsonNodeFactory.instance.objectNode().put(name, value);
  }
}
