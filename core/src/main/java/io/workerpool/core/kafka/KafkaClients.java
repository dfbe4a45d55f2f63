package io.workerpool.core.kafka;

import io.workerpool.core.config.Settings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Creates the Kafka clients of one process. Keys are job ids as strings; values are protocol
 * messages as JSON bytes.
 *
 * <p>Each client gets the properties of {@link KafkaClientConfig} that it accepts: those of the
 * file named by {@code KAFKA_CLIENT_CONFIG_FILE}, and any setting named {@code KAFKA_} followed
 * by a client property in upper case with dots as underscores, so
 * {@code KAFKA_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers} and
 * {@code KAFKA_SECURITY_PROTOCOL} sets {@code security.protocol}.
 */
public final class KafkaClients {

  /** The setting that names the brokers. */
  public static final String BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";

  /** The brokers the clients connect to when {@value #BOOTSTRAP_SERVERS} is not set. */
  public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";

  private final Map<String, String> passthrough;
  private final String clientIdPrefix;

  public KafkaClients(Settings settings, String clientIdPrefix) {
    this.passthrough = new HashMap<>(KafkaClientConfig.from(settings).properties());
    this.passthrough.putIfAbsent(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP_SERVERS);
    this.clientIdPrefix = clientIdPrefix;
  }

  public String bootstrapServers() {
    return passthrough.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
  }

  /**
   * Returns the client properties in one line, with every secret redacted, for the start-up
   * log. Defaults that each client adds, such as {@code acks=all}, are not included.
   */
  public String summary() {
    return SecretProperties.redactedLine(new TreeMap<>(passthrough));
  }

  /** Creates an idempotent producer that waits for all in-sync replicas. */
  public KafkaProducer<String, byte[]> newProducer(String purpose) {
    Map<String, Object> config = select(ProducerConfig.configNames());
    config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + purpose);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Creates a consumer. With a group id it joins that consumer group and commits offsets by
   * hand; without one it is meant for {@code assign()}.
   */
  public KafkaConsumer<String, byte[]> newConsumer(String purpose, String groupId) {
    Map<String, Object> config = select(ConsumerConfig.configNames());
    if (groupId != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
      // A dead producer or reducer hands its partitions over after 10 s instead of Kafka's 45 s.
      config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
      config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    }
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + purpose);
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Creates a share consumer (a Kafka queue reader) in the given share group. */
  public KafkaShareConsumer<String, byte[]> newShareConsumer(
      String purpose, String groupId, Map<String, Object> overrides) {
    Map<String, Object> config = select(ConsumerConfig.configNames());
    config.remove(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + purpose);
    config.putAll(overrides);
    return new KafkaShareConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  public Admin newAdmin() {
    Map<String, Object> config = select(AdminClientConfig.configNames());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-admin");
    return Admin.create(config);
  }

  private Map<String, Object> select(Set<String> accepted) {
    Map<String, Object> config = new HashMap<>();
    passthrough.forEach((key, value) -> {
      if (accepted.contains(key)) {
        config.put(key, value);
      }
    });
    return config;
  }
}
