package io.workerpool.reducer;

import io.workerpool.protocol.InvalidMessageException;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads which jobs already have an outcome. A reducer that takes over a partition reads the
 * records of its unfinished jobs again. Some of those jobs may have finished after the offset
 * was committed, and they must not get a second outcome.
 */
final class OutcomeHistory {

  /** Header of every outcome record: the submission time of the job it is for. */
  static final String SUBMITTED_AT_HEADER = "workerpool.submitted-at";

  private static final Logger log = LoggerFactory.getLogger(OutcomeHistory.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  private final Consumer<String, byte[]> consumer;
  private final String topic;

  /**
   * @param consumer a consumer without a group, used only by this history and closed by the caller
   */
  OutcomeHistory(Consumer<String, byte[]> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  /**
   * Reads every outcome published since {@code since} up to the end of the topic as it is now,
   * and passes each job id with the submission time its outcome is for.
   *
   * @param timeout how long the read may take in all
   * @return how many outcomes were read
   * @throws IllegalStateException when the read takes longer than {@code timeout}
   */
  int read(Instant since, Duration timeout, BiConsumer<String, Instant> outcome) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(topic, info.partition()))
        .toList();
    consumer.assign(partitions);
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, since.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp start = starts.get(partition);
      consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
    }
    Instant giveUp = Instant.now().plus(timeout);
    int read = 0;
    while (!reachedEnd(ends)) {
      if (Instant.now().isAfter(giveUp)) {
        throw new IllegalStateException("cannot read topic " + topic + " up to its end offsets "
            + ends + " within " + timeout.toSeconds() + " s");
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
        if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
          Instant submittedAt = submittedAt(record);
          if (record.key() != null) {
            outcome.accept(record.key(), submittedAt);
            read++;
          }
        }
      }
    }
    return read;
  }

  private boolean reachedEnd(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Reads the submission time from the header, or from the outcome itself when it has none. */
  private static Instant submittedAt(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader(SUBMITTED_AT_HEADER);
    if (header != null) {
      try {
        return Instant.parse(new String(header.value(), StandardCharsets.UTF_8));
      } catch (DateTimeParseException e) {
        log.warn("Outcome of job {} has an invalid {} header; reading the outcome instead",
            record.key(), SUBMITTED_AT_HEADER);
      }
    }
    try {
      return MessageCodec.decode(record.value(), JobOutcome.class).submittedAt();
    } catch (InvalidMessageException e) {
      log.warn("Outcome of job {} at {}-{} offset {} is unreadable: {}", record.key(),
          record.topic(), record.partition(), record.offset(), e.getMessage());
      return null;
    }
  }
}
