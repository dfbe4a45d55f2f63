package io.workerpool.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EmbeddedKafkaClusterTest {

  private static final String TOPIC = "replicated";

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void threeNodeClusterSurvivesKilledNode() throws Exception {
    try (EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(3)) {
      cluster.start();
      assertThat(cluster.bootstrapServers())
          .matches("127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+");

      try (Admin clusterAdmin = Admin.create(Map.of(
          AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
        clusterAdmin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(3), Optional.empty())))
            .all().get(30, TimeUnit.SECONDS);
        // The node that responds may learn of the new topic a moment after the create returns.
        TopicDescription created = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
            .until(() -> describe(clusterAdmin), Objects::nonNull);
        for (TopicPartitionInfo partition : created.partitions()) {
          assertThat(partition.replicas()).as("replicas of partition %d", partition.partition())
              .hasSize(3);
        }

        try (KafkaProducer<String, String> producer = producer(cluster)) {
          send(producer, 0, 100);
          int killed = created.partitions().get(0).leader().id();
          cluster.node(killed).kill();
          assertThat(cluster.node(killed).isRunning()).isFalse();

          send(producer, 100, 200);
          assertThat(readAll(cluster)).hasSize(200);

          cluster.node(killed).start();
          awaitInSync(clusterAdmin, killed);
          assertThat(cluster.node(killed).isRunning()).isTrue();
        }
      }
    }
  }

  @Test
  void clusterSizeBelowOneIsRejected() {
    assertThatThrownBy(() -> new EmbeddedKafkaCluster(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid cluster size 0");
  }

  @Test
  void fixedPortIsRejected() {
    BrokerSettings settings = BrokerSettings.builder().port(9092).build();

    assertThatThrownBy(() -> new EmbeddedKafkaCluster(3, settings, System.err))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BrokerSettings.port is 9092");
  }

  @Test
  void replicationFollowsClusterSize() {
    assertThat(new EmbeddedKafkaCluster(1).replicationFactor()).isEqualTo(1);
    assertThat(new EmbeddedKafkaCluster(1).minInSyncReplicas()).isEqualTo(1);
    assertThat(new EmbeddedKafkaCluster(3).replicationFactor()).isEqualTo(3);
    assertThat(new EmbeddedKafkaCluster(3).minInSyncReplicas()).isEqualTo(2);
    assertThat(new EmbeddedKafkaCluster(5).replicationFactor()).isEqualTo(3);
  }

  @Test
  void nodesOfUnstartedClusterAreUnavailable() {
    EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(3);

    assertThatThrownBy(cluster::bootstrapServers)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not started");
  }

  private static TopicDescription describe(Admin admin) throws Exception {
    return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
        .get(TOPIC);
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafkaCluster cluster) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new StringSerializer(), new StringSerializer());
  }

  private static void send(KafkaProducer<String, String> producer, int from, int to)
      throws Exception {
    List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
    for (int i = from; i < to; i++) {
      sent.add(producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i)));
    }
    for (java.util.concurrent.Future<?> future : sent) {
      future.get(60, TimeUnit.SECONDS);
    }
  }

  private static List<String> readAll(EmbeddedKafkaCluster cluster) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
        new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0),
          new TopicPartition(TOPIC, 1), new TopicPartition(TOPIC, 2));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (values.size() < 200 && System.nanoTime() < giveUp) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  /** Waits until the restarted node is back in the in-sync replicas of every partition. */
  private static void awaitInSync(Admin admin, int nodeId) {
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      for (TopicPartitionInfo partition : describe(admin).partitions()) {
        assertThat(partition.isr()).extracting(Node::id).as("ISR of partition %d",
            partition.partition()).contains(nodeId);
      }
    });
  }
}
