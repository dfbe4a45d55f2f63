package io.workerpool.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.config.Durations;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.Stage;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Submits jobs, waits for their outcomes and cancels them. Used from one thread. */
public final class JobClient implements AutoCloseable {

  /** The maximum deadline of a job. */
  public static final Duration MAX_DEADLINE = Duration.ofDays(7);

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
    return submit(jobId, type, params, deadline, Completion.ALL, List.of());
  }

  /**
   * Sends a job with this completion mode, and returns like
   * {@link #submit(String, String, JsonNode, Duration)}.
   */
  public PendingJob submit(String jobId, String type, JsonNode params, Duration deadline,
      Completion completion) throws InterruptedException {
    return submit(jobId, type, params, deadline, completion, List.of());
  }

  /**
   * Sends a chained job, whose tasks run through {@code stages} after the job type's own, like
   * {@link #submit(String, String, JsonNode, Duration)}.
   */
  public PendingJob submit(String jobId, String type, JsonNode params, Duration deadline,
      List<Stage> stages) throws InterruptedException {
    return submit(jobId, type, params, deadline, Completion.ALL, stages);
  }

  /**
   * Sends a job with this completion mode and these later stages, and returns like
   * {@link #submit(String, String, JsonNode, Duration)}.
   */
  public PendingJob submit(String jobId, String type, JsonNode params, Duration deadline,
      Completion completion, List<Stage> stages) throws InterruptedException {
    return submit(jobId, type, params, deadline, completion, stages, null);
  }

  /**
   * Sends a job whose own tasks go to {@code queue}, or to the shared tasks topic when it is
   * null, and returns like {@link #submit(String, String, JsonNode, Duration)}.
   */
  public PendingJob submit(String jobId, String type, JsonNode params, Duration deadline,
      Completion completion, List<Stage> stages, String queue) throws InterruptedException {
    requireValidDeadline(deadline);
    Instant now = clock.instant();
    JobRequest job = JobRequest.of(JobIds.requireValid(jobId), type, params, now,
        now.plus(deadline)).withCompletion(completion).withStages(stages).withQueue(queue);
    PendingJob pending = new PendingJob(job, watchOutcomes(), clients.bootstrapServers(),
        clock, Optional.of(job.submittedAt()));
    try {
      sendAndWait(topics.jobs(), jobId, MessageCodec.encode(job));
    } catch (RuntimeException | InterruptedException e) {
      pending.close();
      throw e;
    }
    return pending;
  }

  /**
   * Returns {@code deadline} when it is more than zero and at most {@link #MAX_DEADLINE}.
   *
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static Duration requireValidDeadline(Duration deadline) {
    if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(MAX_DEADLINE) > 0) {
      throw new IllegalArgumentException("invalid deadline " + Durations.format(deadline)
          + ": expected more than 0 and at most " + Durations.format(MAX_DEADLINE));
    }
    return deadline;
  }

  /** Sends raw bytes as a job message, as a misbehaving client would; for tests. */
  public PendingJob submitRaw(String jobId, byte[] value, Duration wait)
      throws InterruptedException {
    Instant now = clock.instant();
    JobRequest placeholder = JobRequest.of(jobId, "raw", null, now, now.plus(wait));
    PendingJob pending = new PendingJob(placeholder, watchOutcomes(),
        clients.bootstrapServers(), clock, Optional.empty());
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
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(topics.outcomes()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList();
      if (partitions.isEmpty()) {
        throw new KafkaUnavailableException("topic " + topics.outcomes() + " does not exist at "
            + clients.bootstrapServers() + ": start the pool's roles first, or check "
            + "WORKERPOOL_TOPIC_PREFIX", null);
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      return consumer;
    } catch (KafkaException e) {
      consumer.close();
      throw KafkaAccessDeniedException.classify("cannot read topic " + topics.outcomes() + " at "
          + clients.bootstrapServers(), topics.outcomes(), e);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  private void sendAndWait(String topic, String key, byte[] value) throws InterruptedException {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (ExecutionException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw KafkaAccessDeniedException.classify("cannot send to topic " + topic + " at "
          + clients.bootstrapServers(), topic, cause);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
