package io.workerpool.benchmarks;

import io.workerpool.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every partition of one topic without a consumer group, from the end it had when
 * created, so the pool's own readers are not disturbed.
 */
final class TopicReader implements AutoCloseable {

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions;

  TopicReader(KafkaClients clients, String topic) {
    this.consumer = clients.newConsumer("benchmark-reader", null);
    this.partitions = consumer.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  /**
   * Returns the records stored since the last call, up to the end offsets at this call.
   *
   * @throws IllegalStateException when they cannot be read within 30 s
   */
  List<ConsumerRecord<String, byte[]>> drain() {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    long giveUp = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (!caughtUp(end)) {
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException("cannot read " + partitions + " up to " + end
            + " within " + DRAIN_TIMEOUT.toSeconds() + " s");
      }
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }
    return records;
  }

  private boolean caughtUp(Map<TopicPartition, Long> end) {
    for (TopicPartition partition : partitions) {
      if (consumer.position(partition) < end.get(partition)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
