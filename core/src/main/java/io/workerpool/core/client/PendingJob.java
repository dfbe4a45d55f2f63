package io.workerpool.core.client;

import io.workerpool.core.config.Durations;
import io.workerpool.core.kafka.ConnectionCount;
import io.workerpool.protocol.InvalidMessageException;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.MessageCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A submitted job whose outcome has not been read yet. */
public final class PendingJob implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PendingJob.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  private final JobRequest job;
  private final KafkaConsumer<String, byte[]> outcomes;
  private final String bootstrapServers;
  private final Clock clock;
  private final Optional<Instant> submittedAt;

  /**
   * Creates a handle. With {@code submittedAt} present, it takes only the outcome of that
   * submission, not one of another job that used the same id.
   */
  PendingJob(JobRequest job, KafkaConsumer<String, byte[]> outcomes, String bootstrapServers,
      Clock clock, Optional<Instant> submittedAt) {
    this.job = job;
    this.outcomes = outcomes;
    this.bootstrapServers = bootstrapServers;
    this.clock = clock;
    this.submittedAt = submittedAt;
  }

  public JobRequest job() {
    return job;
  }

  public String jobId() {
    return job.jobId();
  }

  /**
   * Waits for the job's outcome.
   *
   * @throws TimeoutException when no outcome arrives within {@code timeout}
   */
  public JobOutcome awaitOutcome(Duration timeout) throws TimeoutException {
    Instant giveUp = clock.instant().plus(timeout);
    while (clock.instant().isBefore(giveUp)) {
      for (ConsumerRecord<String, byte[]> record : outcomes.poll(POLL_TIMEOUT)) {
        Optional<JobOutcome> outcome = match(record);
        if (outcome.isPresent()) {
          return outcome.get();
        }
      }
    }
    if (!isConnected()) {
      throw new TimeoutException("no outcome for job " + job.jobId() + " within "
          + Durations.format(timeout) + ": the client has no connection to the Kafka cluster at "
          + bootstrapServers + ", so check that its brokers run and answer on those addresses");
    }
    throw new TimeoutException("no outcome for job " + job.jobId() + " within "
        + Durations.format(timeout) + ": check that a producer, workers and a reducer are "
        + "running, and that the reducer did not restart while the job ran");
  }

  private boolean isConnected() {
    return ConnectionCount.isConnected(outcomes);
  }

  private Optional<JobOutcome> match(ConsumerRecord<String, byte[]> record) {
    if (!job.jobId().equals(record.key())) {
      return Optional.empty();
    }
    try {
      JobOutcome outcome = MessageCodec.decode(record.value(), JobOutcome.class);
      boolean otherSubmission = submittedAt.isPresent() && outcome.submittedAt() != null
          && !outcome.submittedAt().equals(submittedAt.get());
      return otherSubmission ? Optional.empty() : Optional.of(outcome);
    } catch (InvalidMessageException e) {
      log.warn("Ignoring invalid outcome of job {} at offset {}: {}", record.key(),
          record.offset(), e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    outcomes.close(Duration.ofSeconds(5));
  }
}
