package io.workerpool.cli;

import io.workerpool.core.client.KafkaAccessDeniedException;
import io.workerpool.core.client.KafkaUnavailableException;
import io.workerpool.protocol.InvalidMessageException;
import io.workerpool.protocol.JobProgress;
import io.workerpool.protocol.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds and reads one job's partition of the progress topic. */
final class ProgressTopic {

  private static final Logger log = LoggerFactory.getLogger(ProgressTopic.class);

  private ProgressTopic() {}

  /**
   * Returns the partition that the producer's default partitioner picks for a record keyed by
   * {@code jobId}: the murmur2 hash of the UTF-8 key, made positive, modulo the partition count.
   */
  static int partitionOf(String jobId, int partitions) {
    return Utils.toPositive(Utils.murmur2(jobId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /**
   * Returns the job's partition of {@code topic}.
   *
   * @throws MissingTopicException when the topic does not exist
   * @throws KafkaUnavailableException when the topic cannot be described
   */
  static TopicPartition partitionFor(KafkaConsumer<String, byte[]> consumer, String topic,
      String jobId, String bootstrapServers) {
    List<PartitionInfo> partitions;
    try {
      // listTopics, unlike partitionsFor, never makes a broker with auto.create.topics.enable
      // create a missing topic, which would lack the progress topic's configs.
      partitions = consumer.listTopics().get(topic);
    } catch (KafkaException e) {
      throw KafkaAccessDeniedException.classify("cannot read topic " + topic + " at "
          + bootstrapServers, topic, e);
    }
    if (partitions == null || partitions.isEmpty()) {
      throw new MissingTopicException("topic " + topic + " does not exist at "
          + bootstrapServers + ": start a reducer of this build first, or check "
          + "WORKERPOOL_TOPIC_PREFIX");
    }
    return new TopicPartition(topic, partitionOf(jobId, partitions.size()));
  }

  /** Thrown when the progress topic does not exist, as in a pool of an older build. */
  static final class MissingTopicException extends KafkaUnavailableException {

    MissingTopicException(String message) {
      super(message, null);
    }
  }

  /**
   * Returns the job's progress in {@code record}, or empty when the record is another job's or
   * unreadable. An unreadable record is logged and skipped.
   */
  static Optional<JobProgress> read(ConsumerRecord<String, byte[]> record, String jobId) {
    if (!jobId.equals(record.key())) {
      return Optional.empty();
    }
    try {
      return Optional.of(MessageCodec.decode(record.value(), JobProgress.class));
    } catch (InvalidMessageException e) {
      log.warn("Ignoring invalid progress of job {} at {}-{} offset {}: {}", jobId,
          record.topic(), record.partition(), record.offset(), e.getMessage());
      return Optional.empty();
    }
  }
}
