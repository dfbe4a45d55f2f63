package io.workerpool.benchmarks;

import io.workerpool.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The raw relay baseline: a producer sends records to an input topic, a relay (a consumer and a
 * producer) copies each one to an output topic, and a sink consumer counts them. No decoding,
 * no acknowledgements, no commits. It runs in threads of this JVM with the pool's client
 * settings, record sizes and partition count, so it bounds what the pool's path of tasks and
 * results could reach on the same broker.
 */
final class RelayBenchmark {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final KafkaClients clients;
  private final int partitions;
  private final byte[] taskValue;
  private final byte[] resultValue;

  /**
   * @param taskValue the value sent to the input topic, as large as one of the pool's tasks
   * @param resultValue the value the relay sends on, as large as one of the pool's results
   */
  RelayBenchmark(KafkaClients clients, int partitions, byte[] taskValue, byte[] resultValue) {
    this.clients = clients;
    this.partitions = partitions;
    this.taskValue = taskValue;
    this.resultValue = resultValue;
  }

  /** Relays {@code records} records through new topics named with {@code prefix}; records/s. */
  double run(String prefix, int records) throws Exception {
    String input = prefix + "relay-in";
    String output = prefix + "relay-out";
    try (Admin admin = clients.newAdmin()) {
      admin.createTopics(List.of(
          new NewTopic(input, Optional.of(partitions), Optional.empty()),
          new NewTopic(output, Optional.of(partitions), Optional.empty()))).all()
          .get(30, TimeUnit.SECONDS);
    }
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (KafkaConsumer<String, byte[]> relayIn = clients.newConsumer("relay-in", null);
        KafkaProducer<String, byte[]> relayOut = clients.newProducer("relay-out");
        KafkaConsumer<String, byte[]> sink = clients.newConsumer("relay-sink", null);
        KafkaProducer<String, byte[]> source = clients.newProducer("relay-source")) {
      assignFromStart(relayIn, input);
      assignFromStart(sink, output);
      CountDownLatch started = new CountDownLatch(1);
      Future<?> relay = threads.submit(() -> relay(relayIn, relayOut, output, records, started));
      Future<Long> sinkDone = threads.submit(() -> countUntil(sink, records));
      started.await();
      long start = System.nanoTime();
      for (int i = 0; i < records; i++) {
        // Keys as in the pool: tasks by task id, results by the job id.
        source.send(new ProducerRecord<>(input, "relay-job#" + i, taskValue));
      }
      source.flush();
      long end = sinkDone.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      relay.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return records / ((end - start) / 1e9);
    } finally {
      threads.shutdownNow();
    }
  }

  private Void relay(KafkaConsumer<String, byte[]> consumer,
      KafkaProducer<String, byte[]> producer, String output, int records,
      CountDownLatch started) {
    started.countDown();
    int relayed = 0;
    long giveUp = System.nanoTime() + TIMEOUT.toNanos();
    while (relayed < records && System.nanoTime() < giveUp) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        producer.send(new ProducerRecord<>(output, "relay-job", resultValue));
        relayed++;
      }
    }
    producer.flush();
    return null;
  }

  /** Returns the {@link System#nanoTime()} at which the last of {@code records} arrived. */
  private static long countUntil(KafkaConsumer<String, byte[]> consumer, int records) {
    int count = 0;
    long giveUp = System.nanoTime() + TIMEOUT.toNanos();
    while (count < records) {
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException("the relay delivered " + count + " of " + records
            + " records within " + TIMEOUT.toSeconds() + " s");
      }
      count += consumer.poll(Duration.ofMillis(100)).count();
    }
    return System.nanoTime();
  }

  private static void assignFromStart(KafkaConsumer<String, byte[]> consumer, String topic)
      throws InterruptedException {
    List<TopicPartition> assigned = List.of();
    long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    // A new topic's metadata can reach the client after createTopics has returned.
    while (assigned.isEmpty()) {
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException("topic " + topic + " has no partitions after 30 s");
      }
      assigned = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition()))
          .toList();
      if (assigned.isEmpty()) {
        Thread.sleep(100);
      }
    }
    consumer.assign(assigned);
    consumer.seekToBeginning(assigned);
    assigned.forEach(consumer::position);
  }
}
