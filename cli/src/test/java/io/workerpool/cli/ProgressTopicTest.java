package io.workerpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgressTopicTest {

  @ParameterizedTest(name = "job {0} on {1} partitions")
  @CsvSource({"job-1, 6", "3f2a9c1e-0000-4000-8000-000000000001, 6", "a, 1", "x.y_z-9, 12"})
  void partitionMatchesTheProducersDefaultPartitioner(String jobId, int partitions) {
    int expected = BuiltInPartitioner.partitionForKey(
        jobId.getBytes(StandardCharsets.UTF_8), partitions);

    assertThat(ProgressTopic.partitionOf(jobId, partitions)).isEqualTo(expected);
  }
}
