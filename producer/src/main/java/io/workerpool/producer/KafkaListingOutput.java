package io.workerpool.producer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.workerpool.core.cancel.CancelPublisher;
import io.workerpool.core.kafka.DeadLetters;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.ListingFinished;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.Topics;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends the producer's output to Kafka. Sends are asynchronous; {@link #flush()} waits for them
 * and throws when any failed, so the job's offset is committed only after its tasks are stored.
 */
final class KafkaListingOutput implements ListingOutput {

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final CancelPublisher cancels;
  private final DeadLetters deadLetters;
  private final MeterRegistry meters;
  private ConsumerRecord<String, byte[]> currentRecord;
  private final Counter tasksListed;
  private final AtomicReference<Exception> firstError = new AtomicReference<>();
  private final Callback recordError = (metadata, error) -> {
    if (error != null) {
      firstError.compareAndSet(null, error);
    }
  };

  KafkaListingOutput(Producer<String, byte[]> producer, Topics topics, CancelPublisher cancels,
      DeadLetters deadLetters, MeterRegistry meters) {
    this.deadLetters = deadLetters;
    this.producer = producer;
    this.topics = topics;
    this.cancels = cancels;
    this.meters = meters;
    this.tasksListed = Counter.builder("workerpool.tasks.listed")
        .description("Tasks the producer sent")
        .register(meters);
  }

  @Override
  public void sendTask(Task task) {
    tasksListed.increment();
    // Tasks are keyed by task id, so one job's tasks spread over every partition.
    producer.send(new ProducerRecord<>(topics.tasks(), task.taskId(), MessageCodec.encode(task)),
        recordError);
  }

  @Override
  public void sendListingFinished(ListingFinished report) {
    Counter.builder("workerpool.jobs.listed")
        .description("Jobs whose listing ended, by how it ended")
        .tag("status", report.status().name())
        .register(meters)
        .increment();
    producer.send(new ProducerRecord<>(topics.results(), report.jobId(),
        MessageCodec.encode(report)), recordError);
  }

  @Override
  public void cancel(Cancel cancel) {
    cancels.publish(cancel);
  }

  /** Sets the job record that {@link #deadLetter} copies. */
  void setCurrentRecord(ConsumerRecord<String, byte[]> record) {
    this.currentRecord = record;
  }

  @Override
  public void deadLetter(String reason) {
    if (currentRecord != null) {
      deadLetters.send(currentRecord, reason);
    }
  }

  /** Waits until every record sent so far is stored, and throws if any send failed. */
  void flush() {
    producer.flush();
    Exception error = firstError.getAndSet(null);
    if (error != null) {
      throw new IllegalStateException("sending the listing failed: " + error.getMessage(), error);
    }
  }
}
