package io.workerpool.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerTest {

  private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(30);

  private static EmbeddedKafkaBroker broker;
  private static Admin admin;

  @BeforeAll
  static void startSharedBroker() {
    broker = new EmbeddedKafkaBroker();
    broker.start();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  @AfterAll
  static void stopSharedBroker() {
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void bootstrapServersIsLoopbackAddress() {
    assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
  }

  @Test
  void producedRecordIsConsumedBack() throws Exception {
    String topic = "round-trip";
    admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();

    RecordMetadata sent = send(broker.bootstrapServers(), topic, "key-1", "value-1");

    Properties consumerProperties = consumerProperties(broker.bootstrapServers());
    consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, "round-trip-group");
    consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> received;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties)) {
      consumer.subscribe(List.of(topic));
      received = pollUntilRecords(consumer::poll);
      consumer.commitSync();
    }

    assertThat(received).hasSize(1);
    assertThat(received.get(0).key()).isEqualTo("key-1");
    assertThat(received.get(0).value()).isEqualTo("value-1");
    assertThat(received.get(0).offset()).isEqualTo(sent.offset());
    Map<TopicPartition, ?> committed = admin.listConsumerGroupOffsets("round-trip-group")
        .partitionsToOffsetAndMetadata().get();
    assertThat(committed).containsKey(new TopicPartition(topic, sent.partition()));
  }

  @Test
  void defaultTopicGetsOnePartition() throws Exception {
    String topic = "default-partitions";
    admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();

    int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();

    assertThat(partitions).isEqualTo(1);
  }

  @Test
  void transactionalProducerCommits() throws Exception {
    String topic = "transactions";
    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    Properties producerProperties = producerProperties(broker.bootstrapServers());
    producerProperties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-broker-test");

    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "key", "committed"));
      producer.commitTransaction();
    }

    Properties consumerProperties = consumerProperties(broker.bootstrapServers());
    consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, String>> received;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      received = pollUntilRecords(consumer::poll);
    }
    assertThat(received).extracting(ConsumerRecord::value).containsExactly("committed");
  }

  @Test
  void shareConsumerAcceptsEarlierRecord() throws Exception {
    String topic = "share-topic";
    String groupId = "share-group";
    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    RecordMetadata sent = send(broker.bootstrapServers(), topic, "task-key", "task-1");

    ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
    AlterConfigOp earliest = new AlterConfigOp(
        new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET);
    admin.incrementalAlterConfigs(Map.of(group, List.of(earliest))).all().get();

    Properties shareProperties = new Properties();
    shareProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    shareProperties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    shareProperties.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
    shareProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    shareProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> received;
    Map<TopicIdPartition, Optional<KafkaException>> commitResults;
    try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(shareProperties)) {
      consumer.subscribe(List.of(topic));
      received = pollUntilRecords(consumer::poll);
      for (ConsumerRecord<String, String> record : received) {
        consumer.acknowledge(record, AcknowledgeType.ACCEPT);
      }
      commitResults = consumer.commitSync(RECEIVE_TIMEOUT);
    }

    assertThat(received).extracting(ConsumerRecord::value).containsExactly("task-1");
    assertThat(received.get(0).deliveryCount()).contains((short) 1);
    assertThat(commitResults).isNotEmpty();
    assertThat(commitResults.values()).allMatch(Optional::isEmpty, "no acknowledgement error");
    Map<TopicPartition, SharePartitionOffsetInfo> shareOffsets = admin
        .listShareGroupOffsets(Map.of(groupId, new ListShareGroupOffsetsSpec()))
        .partitionsToOffsetInfo(groupId)
        .get();
    SharePartitionOffsetInfo offsetInfo = shareOffsets.get(new TopicPartition(topic, sent.partition()));
    assertThat(offsetInfo).isNotNull();
    // With Kafka 4.4 the start offset stayed at the accepted record (offset 0) here, so the
    // check uses the lag. It was 0 after ACCEPT and 1 after RELEASE.
    assertThat(offsetInfo.lag()).contains(0L);
  }

  @Test
  void restartOnReusedDataDirectoryKeepsTopic(@TempDir Path tempDirectory) throws Exception {
    Path dataDirectory = tempDirectory.resolve("kafka-data");
    BrokerSettings settings = BrokerSettings.builder().dataDirectory(dataDirectory).build();
    String topic = "kept-topic";

    try (EmbeddedKafkaBroker first = new EmbeddedKafkaBroker(settings)) {
      first.start();
      try (Admin firstAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()))) {
        firstAdmin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      }
      send(first.bootstrapServers(), topic, "key", "before-restart");
    }
    assertThat(dataDirectory).isDirectory();

    try (EmbeddedKafkaBroker second = new EmbeddedKafkaBroker(settings)) {
      second.start();
      Set<String> topics;
      try (Admin secondAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers()))) {
        topics = secondAdmin.listTopics().names().get();
      }
      List<ConsumerRecord<String, String>> received;
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(second.bootstrapServers()))) {
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        received = pollUntilRecords(consumer::poll);
      }

      assertThat(topics).contains(topic);
      assertThat(received).extracting(ConsumerRecord::value).containsExactly("before-restart");
    }
    assertThat(dataDirectory).isDirectory();
  }

  @Test
  void closeDeletesTemporaryDataDirectory() {
    EmbeddedKafkaBroker temporary = new EmbeddedKafkaBroker();
    temporary.start();
    Path dataDirectory = temporary.dataDirectory();
    assertThat(dataDirectory).isDirectory();

    temporary.close();
    temporary.close();

    assertThat(dataDirectory).doesNotExist();
    assertThatThrownBy(temporary::bootstrapServers)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void startRejectsPortInUse() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      EmbeddedKafkaBroker conflicting = new EmbeddedKafkaBroker(BrokerSettings.builder().port(port).build());

      assertThatThrownBy(conflicting::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Port " + port)
          .hasMessageContaining("already in use")
          .hasMessageContaining("port 0");
      conflicting.close();
    }
  }

  @Test
  void startRejectsDataDirectoryThatIsFile(@TempDir Path tempDirectory) throws IOException {
    Path file = Files.writeString(tempDirectory.resolve("not-a-directory"), "x");
    EmbeddedKafkaBroker misconfigured = new EmbeddedKafkaBroker(BrokerSettings.builder().dataDirectory(file).build());

    assertThatThrownBy(misconfigured::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("cannot be created");
    assertThat(file).isRegularFile();
  }

  @Test
  void startRejectsInvalidBrokerProperty() {
    EmbeddedKafkaBroker misconfigured = new EmbeddedKafkaBroker(
        BrokerSettings.builder().brokerProperty("num.partitions", "zero").build());

    assertThatThrownBy(misconfigured::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("num.partitions")
        .hasMessageContaining("zero");
    misconfigured.close();
  }

  @Test
  void startTwiceIsRejected() {
    assertThatThrownBy(broker::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RUNNING");
  }

  @Test
  void bootstrapServersBeforeStartIsRejected() {
    EmbeddedKafkaBroker unstarted = new EmbeddedKafkaBroker();

    assertThatThrownBy(unstarted::bootstrapServers)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call start() first");
    unstarted.close();
  }

  @Test
  void builderRejectsReservedProperty() {
    BrokerSettings.Builder builder = BrokerSettings.builder();

    assertThatThrownBy(() -> builder.brokerProperty("log.dirs", "/tmp/elsewhere"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("log.dirs")
        .hasMessageContaining("dataDirectory(Path)");
  }

  @Test
  void builderRejectsInvalidPort() {
    BrokerSettings.Builder builder = BrokerSettings.builder();

    assertThatThrownBy(() -> builder.port(70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("70000");
  }

  private static RecordMetadata send(String bootstrapServers, String topic, String key, String value) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(bootstrapServers))) {
      return producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private static Properties producerProperties(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return properties;
  }

  private static Properties consumerProperties(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return properties;
  }

  /** Polls until at least one record arrives, and fails after {@link #RECEIVE_TIMEOUT}. */
  private static List<ConsumerRecord<String, String>> pollUntilRecords(
      Function<Duration, ConsumerRecords<String, String>> poll) {
    long deadline = System.nanoTime() + RECEIVE_TIMEOUT.toNanos();
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    while (records.isEmpty() && System.nanoTime() < deadline) {
      poll.apply(Duration.ofMillis(500)).forEach(records::add);
    }
    assertThat(records).as("records received within %s", RECEIVE_TIMEOUT).isNotEmpty();
    return records;
  }
}
