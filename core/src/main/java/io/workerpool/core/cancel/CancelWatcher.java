package io.workerpool.core.cancel;

import io.workerpool.core.config.Durations;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.InvalidMessageException;
import io.workerpool.protocol.MessageCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the cancels topic on its own thread and records each cancel in a
 * {@link CancelRegistry}: the distributed form of waiting on a context's done channel.
 *
 * <p>It reads without a consumer group, so every process reads every cancel. At start it goes
 * back {@code lookback} in time, so a process that starts while a job runs still learns that
 * the job was cancelled.
 */
public final class CancelWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CancelWatcher.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

  private final Consumer<String, byte[]> consumer;
  private final String topic;
  private final CancelRegistry registry;
  private final Clock clock;
  private final Duration lookback;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  public CancelWatcher(Consumer<String, byte[]> consumer, String topic, CancelRegistry registry,
      Clock clock, Duration lookback) {
    this.consumer = consumer;
    this.topic = topic;
    this.registry = registry;
    this.clock = clock;
    this.lookback = lookback;
    this.thread = new Thread(this::run, "cancel-watcher");
    this.thread.setDaemon(true);
  }

  /**
   * Starts reading and waits until the cancels that existed at start are recorded.
   *
   * @throws IllegalStateException when that takes longer than {@code timeout}
   */
  public void start(Duration timeout) throws InterruptedException {
    thread.start();
    if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("cannot read topic " + topic + " within "
          + Durations.format(timeout)
          + ": check that the Kafka cluster in KAFKA_BOOTSTRAP_SERVERS is reachable");
    }
  }

  private void run() {
    try {
      Map<TopicPartition, Long> endAtStart = seekToLookback();
      checkCaughtUp(endAtStart);
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
          handle(record);
        }
        checkCaughtUp(endAtStart);
      }
    } catch (WakeupException e) {
      if (running) {
        log.error("Cancel watcher woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      log.error("Cancel watcher stopped: this process no longer sees cancels", e);
    } finally {
      consumer.close();
    }
  }

  private Map<TopicPartition, Long> seekToLookback() {
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(topic, info.partition()))
        .toList();
    consumer.assign(partitions);
    long since = clock.millis() - lookback.toMillis();
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, since));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp found = offsets.get(partition);
      consumer.seek(partition, found == null ? end.get(partition) : found.offset());
    }
    return end;
  }

  private void checkCaughtUp(Map<TopicPartition, Long> endAtStart) {
    if (caughtUp.getCount() == 0) {
      return;
    }
    for (Map.Entry<TopicPartition, Long> entry : endAtStart.entrySet()) {
      if (consumer.position(entry.getKey()) < entry.getValue()) {
        return;
      }
    }
    caughtUp.countDown();
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    try {
      Cancel cancel = MessageCodec.decode(record.value(), Cancel.class);
      if (registry.record(cancel)) {
        log.debug("Job {} cancelled by {}: {}", cancel.jobId(), cancel.origin(),
            cancel.error().message());
      }
    } catch (InvalidMessageException e) {
      // Every process reads every cancel, and reads them again after each restart. Copying
      // invalid cancels to the dead-letter topic would copy each many times, so it only warns.
      log.warn("Ignoring invalid cancel at {}-{} offset {} (key {}): {}", record.topic(),
          record.partition(), record.offset(), record.key(), e.getMessage());
    } catch (RuntimeException e) {
      log.error("Ignoring cancel at {}-{} offset {} (key {}) that failed to apply",
          record.topic(), record.partition(), record.offset(), record.key(), e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(Duration.ofSeconds(10).toMillis());
  }
}
