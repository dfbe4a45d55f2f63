package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.workerpool.broker.BrokerSettings;
import io.workerpool.broker.ClusterNode;
import io.workerpool.broker.EmbeddedKafkaCluster;
import io.workerpool.core.client.PendingJob;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Jobs on role processes whose Kafka brokers fail mid-job: one broker of a three-broker cluster
 * killed, a single broker restarted, and a single broker that stays down past the job's
 * deadline. Each broker runs in its own JVM, so killing it ends only that process.
 */
class BrokerFaultSystemTest {

  /** 2,468 friends. */
  private static final int USER = 13638;
  private static final int FRIENDS = 2_468;
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final List<String> ROLES = List.of("producer", "reducer", "worker-1", "worker-2");
  /** What a role logs once when the cluster stops responding. */
  private static final String LOST_CLUSTER = "did not respond within";

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void killedBrokerOfThreeLosesNoTask() throws Exception {
    RecordingLog log = new RecordingLog();
    try (EmbeddedKafkaCluster cluster = startCluster(3);
        PoolFixture pool = PoolFixture.start("three-brokers", 2, Map.of(
            KafkaClients.BOOTSTRAP_SERVERS, cluster.bootstrapServers(),
            "PROFILE_FETCH_LATENCY", "20ms"), log)) {
      Map<String, TopicDescription> topics = describePoolTopics(pool);
      for (TopicDescription topic : topics.values()) {
        for (TopicPartitionInfo partition : topic.partitions()) {
          assertThat(partition.replicas()).as("replicas of %s-%d", topic.name(),
              partition.partition()).hasSize(3);
        }
      }
      int victim = topics.get(pool.topics().tasks()).partitions().get(0).leader().id();

      JobOutcome outcome;
      try (PendingJob job = pool.submit(USER, DEADLINE)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.resultCount(job.jobId()) >= 200);
        cluster.node(victim).kill();
        outcome = job.awaitOutcome(DEADLINE);
      }

      assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(outcome.result()).isEqualTo(PoolFixture.expectedFriendsMap(USER));
      assertThat(outcome.stats()).isEqualTo(new JobStats(FRIENDS, FRIENDS, 0, 0));
      for (String role : ROLES) {
        assertThat(log.linesOf(role, "\tat ")).as("stack trace lines of %s", role).isEmpty();
      }
    }
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void restartedBrokerLetsJobFinish() throws Exception {
    RecordingLog log = new RecordingLog();
    try (EmbeddedKafkaCluster cluster = startCluster(1);
        PoolFixture pool = PoolFixture.start("restarted-broker", 2, Map.of(
            KafkaClients.BOOTSTRAP_SERVERS, cluster.bootstrapServers(),
            "PROFILE_FETCH_LATENCY", "20ms"), log)) {
      ClusterNode broker = cluster.node(1);
      String address = cluster.bootstrapServers();

      JobOutcome outcome;
      try (PendingJob job = pool.submit(USER, DEADLINE)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.resultCount(job.jobId()) >= 200);
        broker.stop();
        // The broker stays down until every role has noticed, which takes up to 10 s.
        await().atMost(Duration.ofSeconds(30)).until(() -> ROLES.stream()
            .allMatch(role -> log.count(role, LOST_CLUSTER) > 0));
        broker.start();
        outcome = job.awaitOutcome(DEADLINE);
      }

      assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(outcome.result()).isEqualTo(PoolFixture.expectedFriendsMap(USER));
      assertThat(outcome.stats()).isEqualTo(new JobStats(FRIENDS, FRIENDS, 0, 0));
      await().atMost(Duration.ofSeconds(15)).until(() -> ROLES.stream()
          .allMatch(role -> log.count(role, "Kafka cluster at " + address + " responds again") > 0));
      for (String role : ROLES) {
        assertThat(log.linesOf(role, LOST_CLUSTER)).as("warnings of %s", role)
            .hasSize(1)
            .allMatch(line -> line.contains("Kafka cluster at " + address));
        assertThat(log.linesOf(role, "\tat ")).as("stack trace lines of %s", role).isEmpty();
      }
    }
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void brokerDownPastDeadlineEndsTimedOut() throws Exception {
    Duration deadline = Duration.ofSeconds(10);
    try (EmbeddedKafkaCluster cluster = startCluster(1);
        PoolFixture pool = PoolFixture.start("broker-down", 2, Map.of(
            KafkaClients.BOOTSTRAP_SERVERS, cluster.bootstrapServers(),
            "PROFILE_FETCH_LATENCY", "100ms"))) {
      ClusterNode broker = cluster.node(1);
      String address = cluster.bootstrapServers();

      String jobId;
      try (PendingJob job = pool.submit(USER, deadline)) {
        jobId = job.jobId();
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.resultCount(jobId) >= 50);
        broker.stop();

        assertThatThrownBy(() -> job.awaitOutcome(deadline.plusSeconds(5)))
            .isInstanceOf(TimeoutException.class)
            .hasMessageContaining("no outcome for job " + jobId + " within 15s")
            .hasMessageContaining("no connection to the Kafka cluster at " + address);
      }
      broker.start();
      JobOutcome outcome = pool.awaitOutcome(jobId, Duration.ofSeconds(60));

      assertThat(outcome.status()).isEqualTo(JobStatus.TIMED_OUT);
      assertThat(outcome.error().step()).isEqualTo(Step.DEADLINE);
      assertThat(outcome.stats().completed()).isBetween(50L, FRIENDS - 1L);
    }
  }

  private static EmbeddedKafkaCluster startCluster(int nodes) {
    EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(nodes, BrokerSettings.builder()
        .brokerProperty("group.initial.rebalance.delay.ms", "0")
        .build(), System.err);
    cluster.start();
    return cluster;
  }

  private static Map<String, TopicDescription> describePoolTopics(PoolFixture pool)
      throws Exception {
    List<String> names = List.of(pool.topics().jobs(), pool.topics().tasks(),
        pool.topics().results(), pool.topics().outcomes(), pool.topics().cancels(),
        pool.topics().deadLetters(), pool.topics().progress());
    try (Admin admin = new KafkaClients(io.workerpool.core.config.Settings.of(pool.environment()),
        "fault-test").newAdmin()) {
      return admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
    }
  }
}
