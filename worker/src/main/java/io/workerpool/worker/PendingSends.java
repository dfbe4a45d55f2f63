package io.workerpool.worker;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The sends one task lane made since it last acknowledged its tasks. The lane waits for them
 * before it acknowledges, so a task is never acknowledged before its result is stored. Waiting
 * for these sends only, rather than flushing the shared producer, lets the other lanes' records
 * keep batching.
 */
final class PendingSends {

  private final Queue<Future<RecordMetadata>> sends = new ConcurrentLinkedQueue<>();

  void add(Future<RecordMetadata> send) {
    sends.add(send);
  }

  /** Waits until every send added so far completes; returns false when any of them failed. */
  boolean awaitStored() throws InterruptedException {
    boolean stored = true;
    for (Future<RecordMetadata> send = sends.poll(); send != null; send = sends.poll()) {
      try {
        send.get();
      } catch (ExecutionException e) {
        stored = false;
      }
    }
    return stored;
  }
}
