package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.kafka.TopicSetup;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.testing.TestKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creating the pool's topics returns only once producers can use them. Every partition then has
 * a leader that serves it, so records sent at once all arrive and no request waits behind a
 * later one.
 */
class TopicSetupSystemTest {

  private static final int RECORDS = 20_000;

  private KafkaClients clients;
  private PoolSettings pool;

  @BeforeEach
  void newPrefix() {
    Settings settings = Settings.of(Map.of(
        KafkaClients.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers(),
        "WORKERPOOL_TOPIC_PREFIX", "it-setup-" + UUID.randomUUID().toString().substring(0, 8)
            + "."));
    clients = new KafkaClients(settings, "setup-test");
    pool = PoolSettings.from(settings);
  }

  @Test
  void newTopicsHaveLeadersAfterSetup() throws Exception {
    try (Admin admin = clients.newAdmin()) {
      TopicSetup.of(admin, pool).ensureTopics();
      TopicSetup.of(admin, pool).ensureQueueTopic("urgent");

      List<String> names = List.of(pool.topics().jobs(), pool.topics().tasks(),
          pool.topics().results(), pool.topics().outcomes(), pool.topics().cancels(),
          pool.topics().progress(), pool.topics().deadLetters(),
          pool.topics().tasks("urgent"));
      Map<String, TopicDescription> described =
          admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(described.values())
          .flatMap(TopicDescription::partitions)
          .extracting(TopicPartitionInfo::leader)
          .doesNotContainNull();
    }
  }

  @Test
  void recordsSentAfterQueueCreationArrive() throws Exception {
    String queue = "fresh";
    try (Admin admin = clients.newAdmin();
        KafkaProducer<String, byte[]> producer = clients.newProducer("setup-test")) {
      TopicSetup.of(admin, pool).ensureQueueTopic(queue);

      List<Future<RecordMetadata>> sends = new ArrayList<>();
      for (int i = 0; i < RECORDS; i++) {
        sends.add(producer.send(new ProducerRecord<>(pool.topics().tasks(queue), "task-" + i,
            new byte[300])));
      }

      // A request stuck behind a later one retries until its delivery timeout of 2 minutes.
      for (Future<RecordMetadata> send : sends) {
        assertThat(send.get(30, TimeUnit.SECONDS).hasOffset()).isTrue();
      }
    }
  }
}
