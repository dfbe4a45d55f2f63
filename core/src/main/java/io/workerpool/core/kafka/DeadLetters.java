package io.workerpool.core.kafka;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies records that a role cannot read to the dead-letter topic, with the same key and value,
 * so nothing accepted is lost. Headers carry why and where from:
 * {@value #REASON}, {@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION}, {@value #SOURCE_OFFSET}
 * and {@value #ORIGIN}.
 */
public final class DeadLetters {

  public static final String REASON = "workerpool.reason";
  public static final String SOURCE_TOPIC = "workerpool.source.topic";
  public static final String SOURCE_PARTITION = "workerpool.source.partition";
  public static final String SOURCE_OFFSET = "workerpool.source.offset";
  public static final String ORIGIN = "workerpool.origin";

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final String origin;

  public DeadLetters(Producer<String, byte[]> producer, String topic, String origin) {
    this.producer = producer;
    this.topic = topic;
    this.origin = origin;
  }

  /**
   * Sends a copy of {@code record} with {@code reason}, without waiting for the broker; the
   * returned future completes once the copy is stored.
   */
  public Future<RecordMetadata> send(ConsumerRecord<String, byte[]> record, String reason) {
    log.warn("Sending the record at {}-{} offset {} to {}: {}", record.topic(),
        record.partition(), record.offset(), topic, reason);
    ProducerRecord<String, byte[]> copy =
        new ProducerRecord<>(topic, null, record.key(), record.value());
    Headers headers = copy.headers();
    headers.add(REASON, bytes(reason));
    headers.add(SOURCE_TOPIC, bytes(record.topic()));
    headers.add(SOURCE_PARTITION, bytes(String.valueOf(record.partition())));
    headers.add(SOURCE_OFFSET, bytes(String.valueOf(record.offset())));
    headers.add(ORIGIN, bytes(origin));
    return producer.send(copy, (metadata, error) -> {
      if (error != null) {
        log.error("Failed to send the record at {}-{} offset {} to {}", record.topic(),
            record.partition(), record.offset(), topic, error);
      }
    });
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
