package io.workerpool.core.cancel;

import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.MessageCodec;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends cancels. A cancel also takes effect in this process at once, before the broker
 * acknowledges it, so the sender's own running tasks stop without a round trip.
 */
public final class CancelPublisher {

  private static final Logger log = LoggerFactory.getLogger(CancelPublisher.class);

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final CancelRegistry registry;

  public CancelPublisher(Producer<String, byte[]> producer, String topic, CancelRegistry registry) {
    this.producer = producer;
    this.topic = topic;
    this.registry = registry;
  }

  /** Sends the cancel unless this process has already recorded one for the job. */
  public void publish(Cancel cancel) {
    if (registry.isCancelled(cancel.jobId())) {
      return;
    }
    registry.record(cancel);
    send(cancel);
  }

  /** Sends the cancel even when this process has already recorded one for the job. */
  public Future<RecordMetadata> send(Cancel cancel) {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", cancel.jobId())) {
      log.info("Cancelling job {} ({}): {}", cancel.jobId(), cancel.reason(),
          cancel.error().message());
    }
    return producer.send(
        new ProducerRecord<>(topic, cancel.jobId(), MessageCodec.encode(cancel)),
        (metadata, error) -> {
          if (error != null) {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", cancel.jobId())) {
              log.error("Failed to send the cancel of job {}", cancel.jobId(), error);
            }
          }
        });
  }
}
