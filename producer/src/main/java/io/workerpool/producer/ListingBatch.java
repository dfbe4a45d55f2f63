package io.workerpool.producer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
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

  /** Records that the job at {@code offset} of {@code partition} is listed in full. */
  void listed(TopicPartition partition, long offset) {
    offsets.put(partition, new OffsetAndMetadata(offset + 1));
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
    return unstored.get() == 0;
  }
}
