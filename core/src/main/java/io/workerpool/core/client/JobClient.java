package io.workerpool.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Submits jobs, waits for their outcomes and cancels them. Used from one thread. */
public final class JobClient implements AutoCloseable {

  private final KafkaClients clients;
  private final Topics topics;
  private final Clock clock;
  private final String origin;
  private final KafkaProducer<String, byte[]> producer;

  public JobClient(KafkaClients clients, Topics topics, Clock clock, String origin) {
    this.clients = clients;
    this.topics = topics;
    this.clock = clock;
    this.origin = origin;
    this.producer = clients.newProducer("client");
  }

  /**
   * Sends a job and returns once the broker has stored it. The returned handle already reads
   * the outcomes topic, so it cannot miss the outcome however fast the job runs.
   */
  public PendingJob submit(String jobId, String type, JsonNode params, Duration deadline)
      throws InterruptedException {
    Instant now = clock.instant();
    JobRequest job = JobRequest.of(JobIds.requireValid(jobId), type, params, now,
        now.plus(deadline));
    PendingJob pending = new PendingJob(job, watchOutcomes(), clock);
    try {
      sendAndWait(topics.jobs(), jobId, MessageCodec.encode(job));
    } catch (RuntimeException | InterruptedException e) {
      pending.close();
      throw e;
    }
    return pending;
  }

  /** Sends raw bytes as a job message, as a misbehaving client would; for tests. */
  public PendingJob submitRaw(String jobId, byte[] value, Duration wait)
      throws InterruptedException {
    Instant now = clock.instant();
    JobRequest placeholder = JobRequest.of(jobId, "raw", null, now, now.plus(wait));
    PendingJob pending = new PendingJob(placeholder, watchOutcomes(), clock);
    sendAndWait(topics.jobs(), jobId, value);
    return pending;
  }

  /** Sends a client cancel for the job and returns once the broker has stored it. */
  public void cancel(String jobId, String reason) throws InterruptedException {
    String message = "cancelled by client " + origin + (reason == null ? "" : ": " + reason);
    Cancel cancel = Cancel.of(JobIds.requireValid(jobId), CancelReason.CLIENT,
        JobError.of(JobError.Step.CLIENT, message), origin, clock.instant(), null);
    sendAndWait(topics.cancels(), jobId, MessageCodec.encode(cancel));
  }

  private KafkaConsumer<String, byte[]> watchOutcomes() {
    KafkaConsumer<String, byte[]> consumer = clients.newConsumer("outcomes", null);
    List<TopicPartition> partitions = consumer.partitionsFor(topics.outcomes()).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }

  private void sendAndWait(String topic, String key, byte[] value) throws InterruptedException {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot send to topic " + topic + " at "
          + clients.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
