package io.workerpool.benchmarks;

import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.kafka.TopicSetup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The relay baselines: a producer sends records to an input topic, a relay (a consumer and a
 * producer) copies each one to an output topic, and a sink consumer counts them. They run in
 * threads of this JVM with the pool's client settings, record sizes and partition count.
 *
 * <p>The raw relay reads with a plain consumer: no decoding, no acknowledgements, no commits. It
 * bounds what the pool's path of tasks and results could reach on the same broker. The share
 * relay reads as the workers do: share consumers in explicit acknowledgement mode, each
 * acknowledging a poll's records once the broker has stored every record sent for them. It
 * shows what Kafka's share groups alone cost, with no decoding and no task.
 */
final class RelayBenchmark {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  /**
   * The result of one relay run.
   *
   * @param recordsPerSecond records relayed per second, from the first send to the last arrival
   * @param cpuMsPerThousand CPU milliseconds this JVM, broker included, used per 1,000 records
   */
  record Measurement(double recordsPerSecond, double cpuMsPerThousand) {}

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

  /**
   * Relays {@code records} records through new topics named with {@code prefix}, reading them
   * with a plain consumer, and returns what the run measured.
   */
  Measurement run(String prefix, int records) throws Exception {
    String input = prefix + "relay-in";
    String output = prefix + "relay-out";
    createTopics(input, output);
    ExecutorService threads = Executors.newFixedThreadPool(1);
    try (KafkaConsumer<String, byte[]> relayIn = clients.newConsumer("relay-in", null);
        KafkaProducer<String, byte[]> relayOut = clients.newProducer("relay-out")) {
      assignFromStart(relayIn, input);
      CountDownLatch started = new CountDownLatch(1);
      Future<?> relay = threads.submit(() -> relay(relayIn, relayOut, output, records, started));
      started.await();
      return measure(input, output, records, List.of(relay), () -> { });
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Relays {@code records} records through new topics named with {@code prefix}, reading them
   * with {@code consumers} share consumers of one new share group, each taking at most
   * {@code pollRecords} records per poll, and returns what the run measured.
   */
  Measurement runShared(String prefix, int records, int consumers, int pollRecords)
      throws Exception {
    String input = prefix + "share-relay-in";
    String output = prefix + "share-relay-out";
    String group = prefix + "share-relay";
    createTopics(input, output);
    try (Admin admin = clients.newAdmin()) {
      TopicSetup.startShareGroupAtEarliest(admin, group);
    }
    Map<String, Object> overrides = Map.of(
        ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
        ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, pollRecords);
    ExecutorService threads = Executors.newFixedThreadPool(consumers);
    AtomicBoolean delivered = new AtomicBoolean();
    try (KafkaProducer<String, byte[]> relayOut = clients.newProducer("share-relay-out")) {
      List<Future<?>> relays = new ArrayList<>();
      for (int i = 0; i < consumers; i++) {
        KafkaShareConsumer<String, byte[]> relayIn =
            clients.newShareConsumer("share-relay-in-" + i, group, overrides);
        relays.add(threads.submit(() -> shareRelay(relayIn, input, relayOut, output,
            delivered)));
      }
      return measure(input, output, records, relays, () -> delivered.set(true));
    } finally {
      threads.shutdownNow();
    }
  }

  private void createTopics(String input, String output) throws Exception {
    try (Admin admin = clients.newAdmin()) {
      admin.createTopics(List.of(
          new NewTopic(input, Optional.of(partitions), Optional.empty()),
          new NewTopic(output, Optional.of(partitions), Optional.empty()))).all()
          .get(30, TimeUnit.SECONDS);
      TopicSetup.awaitLeaders(admin, List.of(input, output));
    }
  }

  /**
   * Sends {@code records} records to {@code input} and measures records/s, from the first send
   * until the sink has read as many from {@code output}, and the CPU time used until every
   * relay has ended.
   */
  private Measurement measure(String input, String output, int records, List<Future<?>> relays,
      Runnable onDelivered) throws Exception {
    ExecutorService sinkThread = Executors.newSingleThreadExecutor();
    try (KafkaConsumer<String, byte[]> sink = clients.newConsumer("relay-sink", null);
        KafkaProducer<String, byte[]> source = clients.newProducer("relay-source")) {
      assignFromStart(sink, output);
      Future<Long> sinkDone = sinkThread.submit(() -> countUntil(sink, records));
      long start = System.nanoTime();
      Duration cpuBefore = CpuTimes.cpuTime(ProcessHandle.current());
      for (int i = 0; i < records; i++) {
        // Keys as in the pool: tasks by task id, results by the job id.
        source.send(new ProducerRecord<>(input, "relay-job#" + i, taskValue));
      }
      source.flush();
      long end;
      try {
        end = sinkDone.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } finally {
        onDelivered.run();
      }
      for (Future<?> relay : relays) {
        relay.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
      return new Measurement(records / ((end - start) / 1e9),
          CpuTimes.cpuTime(ProcessHandle.current()).minus(cpuBefore).toNanos() / 1e6 * 1000
              / records);
    } finally {
      sinkThread.shutdownNow();
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

  /**
   * Copies records as a worker handles tasks. For each poll, it sends one record per polled
   * record, waits until the broker has stored them all, then acknowledges the poll's records. It
   * ends once the sink has read every record ({@code delivered}) and closes the consumer. A
   * record that the broker delivers twice is sent twice and counted twice by the sink.
   */
  private Void shareRelay(KafkaShareConsumer<String, byte[]> consumer, String input,
      KafkaProducer<String, byte[]> producer, String output, AtomicBoolean delivered)
      throws ExecutionException, InterruptedException {
    try (consumer) {
      consumer.subscribe(List.of(input));
      long giveUp = System.nanoTime() + TIMEOUT.toNanos();
      while (!delivered.get() && System.nanoTime() < giveUp) {
        ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(100));
        List<Future<RecordMetadata>> sends = new ArrayList<>(polled.count());
        for (ConsumerRecord<String, byte[]> record : polled) {
          sends.add(producer.send(new ProducerRecord<>(output, "relay-job", resultValue)));
        }
        for (Future<RecordMetadata> send : sends) {
          send.get();
        }
        for (ConsumerRecord<String, byte[]> record : polled) {
          consumer.acknowledge(record, AcknowledgeType.ACCEPT);
        }
      }
      consumer.commitSync();
    }
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
