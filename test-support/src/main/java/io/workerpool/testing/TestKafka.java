package io.workerpool.testing;

import io.workerpool.broker.BrokerSettings;
import io.workerpool.broker.EmbeddedKafkaBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker that tests connect to.
 *
 * <p>If the environment variable {@value #BOOTSTRAP_SERVERS_VARIABLE} is set and not blank, tests
 * use that external broker. Otherwise the first call starts one {@link EmbeddedKafkaBroker} for
 * this JVM, with a temporary data directory, and a JVM shutdown hook stops it. Tests share the
 * broker, so each test should use its own topic and group names.
 */
public final class TestKafka {

  /** Environment variable that points the tests at an external broker, as {@code host:port[,host:port]}. */
  public static final String BOOTSTRAP_SERVERS_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";

  /**
   * The broker's lower bound on a share group's {@code share.record.lock.duration.ms}. Kafka's
   * default is 15 s. The embedded broker allows 1 s, so tests of long tasks can set a lock of a
   * few seconds on their group. The default lock stays 30 s.
   */
  public static final String MIN_RECORD_LOCK_PROPERTY = "group.share.min.record.lock.duration.ms";

  public static final long MIN_RECORD_LOCK_MS = 1000;

  /**
   * The broker's lower bound on a share group's {@code share.session.timeout.ms}. A share group
   * keeps a crashed member's partitions assigned to it until its session times out (Kafka's
   * default and minimum are 45 s), so tests of crashing workers lower it on their group.
   */
  public static final String MIN_SESSION_TIMEOUT_PROPERTY = "group.share.min.session.timeout.ms";

  public static final long MIN_SESSION_TIMEOUT_MS = 5000;

  private static final Logger LOG = LoggerFactory.getLogger(TestKafka.class);

  /** The embedded broker of this JVM, or null before the first start. Guarded by TestKafka.class. */
  private static EmbeddedKafkaBroker embeddedBroker;
  /** Failure of the first start, rethrown to later callers so that a broken broker starts only once. */
  private static RuntimeException startFailure;

  private TestKafka() {
  }

  /**
   * Returns the bootstrap servers of the external broker from {@value #BOOTSTRAP_SERVERS_VARIABLE},
   * or of the embedded broker, which the first call starts. Thread-safe.
   *
   * @throws IllegalStateException if the embedded broker failed to start, on this call or an earlier one
   */
  public static String bootstrapServers() {
    String external = externalBootstrapServers(System.getenv(BOOTSTRAP_SERVERS_VARIABLE));
    if (external != null) {
      return external;
    }
    return embeddedBroker().bootstrapServers();
  }

  /** Returns the stripped value, or null when the variable is unset or blank. */
  static String externalBootstrapServers(String variableValue) {
    if (variableValue == null || variableValue.isBlank()) {
      return null;
    }
    return variableValue.strip();
  }

  private static synchronized EmbeddedKafkaBroker embeddedBroker() {
    if (embeddedBroker != null) {
      return embeddedBroker;
    }
    if (startFailure != null) {
      throw new IllegalStateException("The embedded Kafka broker failed to start earlier in this JVM;"
          + " see the cause, or set " + BOOTSTRAP_SERVERS_VARIABLE + " to use an external broker",
          startFailure);
    }
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(BrokerSettings.builder()
        .brokerProperty(MIN_RECORD_LOCK_PROPERTY, Long.toString(MIN_RECORD_LOCK_MS))
        .brokerProperty(MIN_SESSION_TIMEOUT_PROPERTY, Long.toString(MIN_SESSION_TIMEOUT_MS))
        .build());
    try {
      broker.start();
    } catch (RuntimeException e) {
      startFailure = e;
      throw new IllegalStateException("Failed to start the embedded Kafka broker; see the cause, or set "
          + BOOTSTRAP_SERVERS_VARIABLE + " to use an external broker", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-shutdown"));
    LOG.info("Tests in this JVM use the embedded Kafka broker at {}", broker.bootstrapServers());
    embeddedBroker = broker;
    return broker;
  }
}
