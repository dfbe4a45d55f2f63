package io.workerpool.producer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records sent while listing the jobs of one poll, and the job offsets to commit once all
 * of them are stored. The producer keeps polling while a batch's sends are in flight, and
 * commits the batch's offsets only after the broker has stored every one of its records.
 */
final class ListingBatch {

  private final AtomicInteger unstored = new AtomicInteger();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();
  private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
  private final List<Future<RecordMetadata>> otherSends = new ArrayList<>();
  private final Callback stored = (metadata, error) -> {
    if (error != null) {
      firstError.compareAndSet(null, error);
    }
    unstored.decrementAndGet();
  };

  /** Counts one more send of this batch; returns the callback to give that send. */
  Callback track() {
    unstored.incrementAndGet();
    return stored;
  }

  /**
   * Counts a send made without this batch's callback, such as a dead letter, so the batch is
   * stored only once that send is.
   */
  void track(Future<RecordMetadata> send) {
    otherSends.add(send);
  }

  /** Records that the job at {@code offset} of {@code partition} is listed in full. */
  void listed(TopicPartition partition, long offset) {
    offsets.put(partition, new OffsetAndMetadata(offset + 1));
  }

  /**
   * Records that the job at {@code offset} of {@code partition} is listed in part. Committing the
   * job's own offset makes the next producer read the job again, and the {@code checkpoint} in
   * the metadata names the task where that producer resumes.
   */
  void checkpoint(TopicPartition partition, long offset, ListingCheckpoint checkpoint) {
    offsets.put(partition, new OffsetAndMetadata(offset, checkpoint.toMetadata()));
  }

  Map<TopicPartition, OffsetAndMetadata> offsets() {
    return offsets;
  }

  /**
   * Returns true once every send of the batch completed, and throws when any of them failed,
   * because the jobs' offsets must not be committed then.
   */
  boolean isStored() {
    Exception error = firstError.get();
    if (error != null) {
      throw new IllegalStateException("sending the listing failed: " + error.getMessage(), error);
    }
    for (Future<RecordMetadata> send : otherSends) {
      if (!send.isDone()) {
        return false;
      }
      try {
        send.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("sending the listing failed: "
            + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return unstored.get() == 0;
  }
}
