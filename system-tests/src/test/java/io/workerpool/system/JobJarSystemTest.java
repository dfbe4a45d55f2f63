package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.core.client.PendingJob;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import io.workerpool.testing.JobJar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job type added as a jar in the jobs directory, with no change to the roles. */
class JobJarSystemTest {

  private static final String HANDLER = """
      package com.example.letters;

      import com.fasterxml.jackson.databind.JsonNode;
      import com.fasterxml.jackson.databind.node.JsonNodeFactory;
      import io.workerpool.core.job.InvalidJobException;
      import io.workerpool.core.job.JobHandler;
      import io.workerpool.core.job.ResultCombiner;
      import io.workerpool.core.job.TaskSink;

      public final class LetterCountJob implements JobHandler {
        public String type() {
          return "letters";
        }

        public void validate(JsonNode params) throws InvalidJobException {
          if (!params.path("words").isArray()) {
            throw new InvalidJobException("missing job parameter 'words'");
          }
        }

        public void listTasks(JsonNode params, TaskSink sink) throws Exception {
          for (JsonNode word : params.get("words")) {
            if (!sink.offer(word)) {
              return;
            }
          }
        }

        public JsonNode processTask(JsonNode input) {
          return JsonNodeFactory.instance.numberNode(input.asText().length());
        }

        public String describeTask(JsonNode input) {
          return "word " + input;
        }

        public ResultCombiner newCombiner() {
          return new ResultCombiner() {
            private long letters;

            public void add(JsonNode output) {
              letters += output.longValue();
            }

            public JsonNode result() {
              return JsonNodeFactory.instance.objectNode().put("letters", letters);
            }
          };
        }
      }
      """;

  @TempDir
  Path jobsDirectory;

  @Test
  void jarInJobsDirectoryAddsJobType() throws Exception {
    JobJar.write(jobsDirectory, "letters", "com.example.letters.LetterCountJob", HANDLER);
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.putArray("words").add("distributed").add("worker").add("pool");

    try (PoolFixture pool = PoolFixture.start("job-jar", 1,
            Map.of("WORKERPOOL_JOBS_DIR", jobsDirectory.toString()));
        PendingJob job = pool.submitJob("letters", params, Duration.ofSeconds(30))) {
      JobOutcome outcome = job.awaitOutcome(Duration.ofSeconds(60));

      assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(outcome.result().get("letters").longValue()).isEqualTo(21);
      assertThat(outcome.stats().completed()).isEqualTo(3);
    }
  }
}
