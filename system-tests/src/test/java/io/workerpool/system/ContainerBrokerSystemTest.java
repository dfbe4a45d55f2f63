package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.workerpool.cli.RolePool;
import io.workerpool.core.client.JobClient;
import io.workerpool.core.client.PendingJob;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The friends job on Apache Kafka's own container image, where a Docker engine is available.
 * Without one, JUnit reports this class as skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerSystemTest {

  /**
   * The image matches the embedded broker's Kafka version; share groups need Kafka 4.2 or newer.
   * NOTE: the build machines have no Docker engine, so this tag has not been run. Override it
   * with {@code -Dworkerpool.test.kafka-image=...}.
   */
  @Container
  private static final KafkaContainer KAFKA = new KafkaContainer(
      System.getProperty("workerpool.test.kafka-image", "apache/kafka:4.4.0"));

  @Test
  void userZeroSucceedsOnContainerBroker() throws Exception {
    Map<String, String> environment = Map.of(
        KafkaClients.BOOTSTRAP_SERVERS, KAFKA.getBootstrapServers(),
        "WORKERPOOL_TOPIC_PREFIX", "container.");
    try (RolePool roles = RolePool.start(1, environment, System.err);
        JobClient client = new JobClient(new KafkaClients(roles.settings(), "container-test"),
            PoolSettings.from(roles.settings()).topics(), Clock.systemUTC(), "container-test");
        PendingJob job = client.submit("container-user-0", "friends",
            PoolFixture.userParams(0), Duration.ofSeconds(60))) {

      JobOutcome outcome = job.awaitOutcome(Duration.ofSeconds(90));

      assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(outcome.result().has("airtoxin")).isTrue();
    }
  }
}
