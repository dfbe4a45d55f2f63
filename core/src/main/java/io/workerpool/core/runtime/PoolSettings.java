package io.workerpool.core.runtime;

import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.TopicSetup;
import io.workerpool.protocol.Topics;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings that every role reads.
 *
 * @param topics topic names, from {@code WORKERPOOL_TOPIC_PREFIX} (default {@code workerpool.})
 * @param partitions partitions of the topics this pool creates, from {@code WORKERPOOL_PARTITIONS}
 * @param cancelLookback how far back a starting process reads cancels, from
 *     {@code WORKERPOOL_CANCEL_LOOKBACK}
 * @param cancelRetention how long after a job's deadline a process remembers its cancel, from
 *     {@code WORKERPOOL_CANCEL_RETENTION}
 * @param replicationFactor replication factor of the topics this pool creates, from
 *     {@code WORKERPOOL_REPLICATION_FACTOR}; empty means the broker's
 *     {@code default.replication.factor}
 */
public record PoolSettings(
    Topics topics, int partitions, Duration cancelLookback, Duration cancelRetention,
    Optional<Short> replicationFactor) {

  /** The setting that names the replication factor of the topics a role creates. */
  public static final String REPLICATION_FACTOR = "WORKERPOOL_REPLICATION_FACTOR";

  /**
   * Returns the group id a role uses unless its settings name one: the topic prefix followed by
   * the role, so pools with different prefixes on one cluster never share a group.
   */
  public String defaultGroupId(String role) {
    return topics.prefix() + role;
  }

  private static final java.util.Set<String> LOG_LEVELS =
      java.util.Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  public static PoolSettings from(Settings settings) {
    for (String name : new String[] {"WORKERPOOL_LOG_LEVEL", "WORKERPOOL_KAFKA_LOG_LEVEL"}) {
      settings.optional(name).ifPresent(level -> {
        if (!LOG_LEVELS.contains(level.toUpperCase(java.util.Locale.ROOT))) {
          throw new io.workerpool.core.config.ConfigException("invalid value '" + level
              + "' for " + name + ": expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
        }
      });
    }
    String prefix = settings.string("WORKERPOOL_TOPIC_PREFIX", Topics.DEFAULT_PREFIX);
    Topics topics;
    try {
      topics = new Topics(prefix);
    } catch (IllegalArgumentException e) {
      throw new io.workerpool.core.config.ConfigException(
          "invalid value for WORKERPOOL_TOPIC_PREFIX: " + e.getMessage());
    }
    return new PoolSettings(
        topics,
        settings.positiveInt("WORKERPOOL_PARTITIONS", TopicSetup.DEFAULT_PARTITIONS),
        settings.duration("WORKERPOOL_CANCEL_LOOKBACK", Duration.ofHours(24)),
        settings.duration("WORKERPOOL_CANCEL_RETENTION", Duration.ofHours(1)),
        replicationFactor(settings));
  }

  /** Reads {@value #REPLICATION_FACTOR}: a whole number from 1 to 32767, Kafka's limit. */
  static Optional<Short> replicationFactor(Settings settings) {
    Optional<String> text = settings.optional(REPLICATION_FACTOR);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      int value = Integer.parseInt(text.get());
      if (value >= 1 && value <= Short.MAX_VALUE) {
        return Optional.of((short) value);
      }
    } catch (NumberFormatException e) {
      // Falls through to the common error below.
    }
    throw new io.workerpool.core.config.ConfigException("invalid value '" + text.get()
        + "' for " + REPLICATION_FACTOR + ": expected a whole number from 1 to 32767, such as 3"
        + " on a cluster of three or more brokers, or leave it unset to use the brokers'"
        + " default.replication.factor");
  }
}
