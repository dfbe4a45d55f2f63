package io.workerpool.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.workerpool.testing.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Pins the behaviour of {@link AcknowledgeType#RENEW} in the Kafka 4.4 share consumer that
 * {@link TaskLane} relies on: a renewed record comes back through the next poll as a new
 * instance with the same offset and delivery count, only that instance can be acknowledged,
 * and no other consumer receives the record while it is renewed.
 */
class ShareLockRenewalTest {

  private static final Duration LOCK = Duration.ofSeconds(2);

  private final String topic = "renewal-" + UUID.randomUUID();
  private final String group = "renewal-" + UUID.randomUUID();

  @Test
  void renewedRecordComesBackThroughNextPoll() throws Exception {
    createTopicAndGroup();
    send("task-1");

    try (KafkaShareConsumer<String, String> holder = consumer();
        KafkaShareConsumer<String, String> other = consumer()) {
      holder.subscribe(List.of(topic));
      other.subscribe(List.of(topic));
      ConsumerRecord<String, String> delivered = pollOne(holder);
      List<ConsumerRecord<String, String>> otherReceived = new ArrayList<>();

      // Four renewals, each after 0.8 s of the other consumer's polling: 3.2 s, past the lock.
      for (int round = 0; round < 4; round++) {
        other.poll(LOCK.multipliedBy(2).dividedBy(5)).forEach(otherReceived::add);
        holder.acknowledge(delivered, AcknowledgeType.RENEW);
        holder.commitSync(Duration.ofSeconds(10));

        ConsumerRecord<String, String> renewed = delivered;
        assertThatThrownBy(() -> holder.acknowledge(renewed, AcknowledgeType.ACCEPT))
            .isInstanceOf(IllegalStateException.class);
        ConsumerRecord<String, String> back = pollOne(holder);
        assertThat(back.offset()).isEqualTo(delivered.offset());
        assertThat(back.deliveryCount()).isEqualTo(delivered.deliveryCount());
        delivered = back;
      }
      holder.acknowledge(delivered, AcknowledgeType.ACCEPT);
      holder.commitSync(Duration.ofSeconds(10));
      other.poll(LOCK).forEach(otherReceived::add);

      assertThat(otherReceived).isEmpty();
    }
  }

  private void createTopicAndGroup() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      admin.incrementalAlterConfigs(Map.of(
          new ConfigResource(ConfigResource.Type.GROUP, group),
          List.of(
              new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
                  AlterConfigOp.OpType.SET),
              new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms",
                  Long.toString(LOCK.toMillis())), AlterConfigOp.OpType.SET))))
          .all().get();
    }
  }

  private void send(String value) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(
        Map.of("bootstrap.servers", TestKafka.bootstrapServers()), new StringSerializer(),
        new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, value, value)).get();
    }
  }

  private KafkaShareConsumer<String, String> consumer() {
    return new KafkaShareConsumer<>(Map.of(
        "bootstrap.servers", TestKafka.bootstrapServers(),
        "group.id", group,
        "share.acknowledgement.mode", "explicit",
        "share.acquire.mode", "record_limit",
        "max.poll.records", 1), new StringDeserializer(), new StringDeserializer());
  }

  /** Polls until one record arrives, for at most 30 s. */
  private static ConsumerRecord<String, String> pollOne(
      KafkaShareConsumer<String, String> consumer) {
    long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < giveUp) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
        return record;
      }
    }
    throw new AssertionError("no record within 30 s");
  }
}
