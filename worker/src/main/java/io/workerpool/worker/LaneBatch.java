package io.workerpool.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The task records one lane has taken from the share group and not yet acknowledged, each with
 * its run on a task thread, in poll order.
 *
 * <p>Kafka 4.4's share consumer accepts one acknowledgement per delivered record instance. A
 * record whose lock the lane renewed comes back through the lane's next poll as a new instance
 * with the same position, and only that instance can be acknowledged again. So an entry is
 * <em>renewed</em> from the renewal until its new instance arrives.
 */
final class LaneBatch {

  /** A record's position in its topic, the same for every delivery of the record. */
  record Position(String topic, int partition, long offset) {

    static Position of(ConsumerRecord<?, ?> record) {
      return new Position(record.topic(), record.partition(), record.offset());
    }
  }

  /** One task record and its run. */
  static final class Entry {

    private ConsumerRecord<String, byte[]> record;
    private final Future<AcknowledgeType> run;
    private boolean renewed;
    private long renewedAt;

    private Entry(ConsumerRecord<String, byte[]> record, Future<AcknowledgeType> run) {
      this.record = record;
      this.run = run;
    }

    ConsumerRecord<String, byte[]> record() {
      return record;
    }

    Future<AcknowledgeType> run() {
      return run;
    }

    /** Returns whether the record's latest instance may be acknowledged. */
    boolean isAcknowledgeable() {
      return !renewed;
    }
  }

  private final Map<Position, Entry> entries = new LinkedHashMap<>();
  private boolean sendFailed;

  void add(ConsumerRecord<String, byte[]> record, Future<AcknowledgeType> run) {
    entries.put(Position.of(record), new Entry(record, run));
  }

  /**
   * Takes the new instance of a renewed record that a poll returned. Returns false when the
   * record is not in this batch, so it is a new task.
   */
  boolean takeRenewed(ConsumerRecord<String, byte[]> record) {
    Entry entry = entries.get(Position.of(record));
    if (entry == null) {
      return false;
    }
    entry.record = record;
    entry.renewed = false;
    return true;
  }

  /** Marks an entry as renewed: its instance may not be acknowledged until a poll returns it. */
  void markRenewed(Entry entry) {
    entry.renewed = true;
    entry.renewedAt = System.nanoTime();
  }

  /**
   * Removes and returns the renewed entries that no poll returned within {@code lock} of their
   * renewal. Their lock has run out, so the share group may deliver them to another worker.
   */
  List<Entry> removeLost(Duration lock) {
    long now = System.nanoTime();
    List<Entry> lost = new ArrayList<>();
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.renewed && now - entry.renewedAt > lock.toNanos()) {
        lost.add(entry);
        it.remove();
      }
    }
    return lost;
  }

  /**
   * Waits until every run has ended or {@code deadlineNanos} (a {@link System#nanoTime()} value)
   * has passed. Returns whether every run has ended.
   */
  boolean awaitAll(long deadlineNanos) throws InterruptedException {
    for (Entry entry : entries.values()) {
      if (entry.run.isDone()) {
        continue;
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      try {
        entry.run.get(remaining, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException e) {
        // The lane reports the failure when it acknowledges the entry.
      }
    }
    return true;
  }

  /** Removes and returns the entries whose run has ended and whose record may be acknowledged. */
  List<Entry> removeFinished() {
    List<Entry> finished = new ArrayList<>();
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.run.isDone() && entry.isAcknowledgeable()) {
        finished.add(entry);
        it.remove();
      }
    }
    return finished;
  }

  /**
   * Returns the entries whose record instance the last poll returned and nothing acknowledged
   * yet. Runs that ended after {@link #removeFinished()} are among them, so a renewal covers
   * them too and the next poll finds no record of the last one unacknowledged.
   */
  List<Entry> unacknowledged() {
    return entries.values().stream().filter(Entry::isAcknowledgeable).toList();
  }

  /** Returns whether a renewed record has not come back through a poll yet. */
  boolean awaitsRenewed() {
    return entries.values().stream().anyMatch(entry -> entry.renewed);
  }

  /**
   * Records that a send of this batch failed. A renewal also waits for the sends of tasks that
   * ended after it took the ended entries, so the failed send's task may be acknowledged later.
   * From then on the lane releases every entry of the batch.
   */
  void markSendFailed() {
    sendFailed = true;
  }

  boolean hasFailedSend() {
    return sendFailed;
  }

  Collection<Entry> entries() {
    return entries.values();
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  int size() {
    return entries.size();
  }
}
