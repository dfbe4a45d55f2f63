package io.workerpool.cli;

import io.workerpool.core.client.KafkaAccessDeniedException;
import io.workerpool.core.client.KafkaUnavailableException;
import io.workerpool.core.config.Durations;
import io.workerpool.protocol.JobProgress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds a job's latest progress record: it reads the job's partition of the progress topic from
 * its beginning up to its end offset at the time of the request.
 */
final class ProgressLookup {

  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final String bootstrapServers;
  private final Duration timeout;

  /**
   * @param consumer a consumer without a group, used by this lookup alone
   * @param timeout how long reading the partition up to its end may take
   */
  ProgressLookup(KafkaConsumer<String, byte[]> consumer, String topic, String bootstrapServers,
      Duration timeout) {
    this.consumer = consumer;
    this.topic = topic;
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  /**
   * Returns the job's latest progress record, or empty when the partition has none.
   *
   * @throws KafkaUnavailableException when the topic is missing, access is denied, or the
   *     partition cannot be read to its end within the timeout
   */
  Optional<JobProgress> latest(String jobId) {
    TopicPartition partition =
        ProgressTopic.partitionFor(consumer, topic, jobId, bootstrapServers);
    try {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      return readUntil(partition, end, jobId);
    } catch (KafkaException e) {
      throw KafkaAccessDeniedException.classify("cannot read topic " + topic + " at "
          + bootstrapServers, topic, e);
    }
  }

  private Optional<JobProgress> readUntil(TopicPartition partition, long end, String jobId) {
    Optional<JobProgress> latest = Optional.empty();
    long giveUp = System.nanoTime() + timeout.toNanos();
    while (consumer.position(partition) < end) {
      if (System.nanoTime() > giveUp) {
        throw new KafkaUnavailableException("cannot read " + partition + " at "
            + bootstrapServers + " up to offset " + end + " within "
            + Durations.format(timeout) + ": check that its leader broker runs", null);
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
        if (record.offset() < end) {
          Optional<JobProgress> progress = ProgressTopic.read(record, jobId);
          latest = progress.isPresent() ? progress : latest;
        }
      }
    }
    return latest;
  }
}
