package io.workerpool.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A job client for many jobs at once. Unlike {@code JobClient}, which opens one outcomes
 * consumer per job, it sends jobs without waiting and reads every outcome with one consumer,
 * noting when each arrived. Used from one thread.
 */
final class BenchClient implements AutoCloseable {

  /** A job sent by this client, with the {@link System#nanoTime()} and time of the send. */
  record Submission(String jobId, long sentNanos, Instant sentAt) {}

  /** An outcome read by this client, with the {@link System#nanoTime()} and time of reading. */
  record Arrival(JobOutcome outcome, long readNanos, Instant readAt) {}

  private final Topics topics;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> outcomes;
  private final Map<String, Arrival> arrivals = new HashMap<>();
  private final AtomicReference<Exception> sendError = new AtomicReference<>();

  BenchClient(KafkaClients clients, Topics topics) {
    this.topics = topics;
    this.producer = clients.newProducer("benchmark-client");
    this.outcomes = clients.newConsumer("benchmark-outcomes", null);
    List<TopicPartition> partitions = outcomes.partitionsFor(topics.outcomes()).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .toList();
    outcomes.assign(partitions);
    outcomes.seekToEnd(partitions);
    partitions.forEach(outcomes::position);
  }

  /** Sends a job without waiting for the broker's acknowledgement. */
  Submission submit(String type, JsonNode params, Duration deadline) {
    return submit(type, params, deadline, null);
  }

  /** Sends a job whose own tasks go to {@code queue}, or to the shared tasks topic when null. */
  Submission submit(String type, JsonNode params, Duration deadline, String queue) {
    String jobId = JobIds.newJobId();
    long sentNanos = System.nanoTime();
    Instant now = Instant.now();
    JobRequest job = JobRequest.of(jobId, type, params, now, now.plus(deadline)).withQueue(queue);
    producer.send(new ProducerRecord<>(topics.jobs(), jobId, MessageCodec.encode(job)),
        (metadata, error) -> {
          if (error != null) {
            sendError.compareAndSet(null, error);
          }
        });
    return new Submission(jobId, sentNanos, now);
  }

  /** Sends a client cancel for the job. */
  void cancel(String jobId) {
    Cancel cancel = Cancel.of(jobId, CancelReason.CLIENT,
        JobError.of(JobError.Step.CLIENT, "cancelled by the benchmark"), "benchmark",
        Instant.now(), null);
    producer.send(new ProducerRecord<>(topics.cancels(), jobId, MessageCodec.encode(cancel)));
    producer.flush();
  }

  /** Reads the outcomes that arrive within {@code timeout}. */
  void poll(Duration timeout) {
    Exception error = sendError.get();
    if (error != null) {
      throw new IllegalStateException("sending a job failed: " + error.getMessage(), error);
    }
    for (ConsumerRecord<String, byte[]> record : outcomes.poll(timeout)) {
      long readNanos = System.nanoTime();
      Instant readAt = Instant.now();
      JobOutcome outcome = MessageCodec.decode(record.value(), JobOutcome.class);
      arrivals.put(record.key(), new Arrival(outcome, readNanos, readAt));
    }
  }

  /** Returns the job's outcome if it has been read. */
  Arrival arrival(String jobId) {
    return arrivals.get(jobId);
  }

  /**
   * Waits for the job's outcome.
   *
   * @throws TimeoutException when it does not arrive within {@code timeout}
   */
  Arrival await(String jobId, Duration timeout) throws TimeoutException {
    return awaitAll(List.of(jobId), timeout).get(jobId);
  }

  /**
   * Waits for every job's outcome.
   *
   * @throws TimeoutException naming how many are missing when they do not all arrive in time
   */
  Map<String, Arrival> awaitAll(Collection<String> jobIds, Duration timeout)
      throws TimeoutException {
    long giveUp = System.nanoTime() + timeout.toNanos();
    while (true) {
      long missing = jobIds.stream().filter(id -> !arrivals.containsKey(id)).count();
      if (missing == 0) {
        break;
      }
      if (System.nanoTime() > giveUp) {
        throw new TimeoutException(missing + " of " + jobIds.size() + " jobs had no outcome "
            + "within " + timeout.toSeconds() + " s; see the role log for errors");
      }
      poll(Duration.ofMillis(100));
    }
    Map<String, Arrival> found = new HashMap<>();
    jobIds.forEach(id -> found.put(id, arrivals.remove(id)));
    return found;
  }

  /**
   * Returns the arrival after checking that the job succeeded.
   *
   * @throws IllegalStateException with the job's error otherwise
   */
  static Arrival requireSucceeded(Arrival arrival) {
    JobOutcome outcome = arrival.outcome();
    if (outcome.status() != JobStatus.SUCCEEDED) {
      throw new IllegalStateException("job " + outcome.jobId() + " of type " + outcome.type()
          + " ended " + outcome.status() + ": " + outcome.error().message());
    }
    return arrival;
  }

  @Override
  public void close() {
    outcomes.close(Duration.ofSeconds(5));
    producer.close(Duration.ofSeconds(5));
  }
}
