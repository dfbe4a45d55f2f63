package io.workerpool.client;

import io.workerpool.core.config.Durations;
import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.runtime.ProcessIdentity;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A thread-safe client of a worker pool: {@link #submit(JobSpec)} sends a job and returns a
 * future of its outcome, so calling the distributed pool reads like Go's {@code errgroup}.
 *
 * <pre>{@code
 * try (WorkerPoolClient client = WorkerPoolClient.builder("127.0.0.1:9092").build()) {
 *   JobFuture job = client.submit(JobSpec.builder("friends")
 *       .params(JsonNodeFactory.instance.objectNode().put("userId", 0))
 *       .deadline(Duration.ofSeconds(30))
 *       .build());
 *   JsonNode friends = JobOutcomes.resultOrThrow(job.get());
 * }
 * }</pre>
 *
 * <p>One background thread, named {@code workerpool-client-ORIGIN}, serves every pending
 * future with one consumer of the outcomes topic. It assigns the consumer every partition and
 * fixes its position at the end before it sends any job, so no outcome can be missed. It takes
 * for each future only the outcome with the job's id and submission time, never that of another
 * job that reused the id. It is a daemon thread, so a client that is never closed does not keep
 * the JVM alive.
 *
 * <p>A future fails with:
 *
 * <ul>
 *   <li>{@link IllegalArgumentException} for an invalid job id, type or deadline;
 *   <li>{@link io.workerpool.core.client.KafkaUnavailableException} when the cluster or the
 *       pool's topics cannot be reached, and its subclass
 *       {@link io.workerpool.core.client.KafkaAccessDeniedException} when the cluster rejects
 *       the credentials or denies access;
 *   <li>{@link java.util.concurrent.TimeoutException} when no outcome arrived by the job's
 *       deadline plus the outcome grace;
 *   <li>{@link IllegalStateException} when the client was closed first.
 * </ul>
 *
 * <p>{@link #close()} stops the thread and fails each pending future with an
 * {@link IllegalStateException}, not a {@link java.util.concurrent.CancellationException},
 * because closing the client does not cancel the jobs: they keep running in the pool. Cancel
 * the futures first to stop them.
 */
public final class WorkerPoolClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerPoolClient.class);

  /**
   * How long after a job's deadline the client waits for its outcome by default. The reducer
   * publishes a timed-out job's outcome after up to {@code REDUCER_SETTLE_TIMEOUT} (5 s by
   * default) more, and a reducer that restarts needs longer.
   */
  public static final Duration DEFAULT_OUTCOME_GRACE = Duration.ofSeconds(30);

  /** How long a blocked Kafka request may take by default before the future fails. */
  public static final Duration DEFAULT_KAFKA_TIMEOUT = Duration.ofSeconds(15);

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Clock clock;
  private final String origin;
  private final Duration outcomeGrace;
  private final KafkaProducer<String, byte[]> producer;
  private final OutcomeListener listener;
  private final Thread thread;
  private final Object lifecycle = new Object();
  private boolean closed;

  private WorkerPoolClient(Builder builder) {
    Settings settings = ClientSettings.of(builder.bootstrapServers, builder.kafkaProperties,
        builder.kafkaConfigFile, builder.topicPrefix, builder.kafkaTimeout);
    KafkaClients clients = new KafkaClients(settings, builder.origin);
    Topics topics = new Topics(builder.topicPrefix);
    this.clock = builder.clock;
    this.origin = builder.origin;
    this.outcomeGrace = builder.outcomeGrace;
    this.producer = clients.newProducer("jobs");
    try {
      this.listener = new OutcomeListener(clients, topics, clock, origin, producer);
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    this.thread = new Thread(listener, "workerpool-client-" + origin);
    thread.setDaemon(true);
    thread.start();
    log.info("Started client {} for topics with prefix '{}' at {} (outcome grace {}, "
        + "Kafka settings: {})", origin, topics.prefix(), clients.bootstrapServers(),
        Durations.format(outcomeGrace), clients.summary());
  }

  /**
   * Starts building a client of the pool whose Kafka cluster is at {@code bootstrapServers},
   * such as {@code kafka-1:9092,kafka-2:9092}.
   */
  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  /** Returns the name this client sends as the origin of its cancels. */
  public String origin() {
    return origin;
  }

  /**
   * Submits a job and returns its future outcome at once; see the class comment for how it
   * completes. Cancelling the future cancels the job in every process. Thread-safe.
   */
  public JobFuture submit(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    JobFuture future = new JobFuture(spec.jobId(), listener::wake);
    JobRequest request;
    try {
      request = spec.toRequest(clock.instant());
    } catch (IllegalArgumentException e) {
      try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", spec.jobId())) {
        log.warn("Rejected job {}: {}", spec.jobId(), e.getMessage());
      }
      future.submittedSignal().completeExceptionally(e);
      future.completeExceptionally(e);
      return future;
    }
    synchronized (lifecycle) {
      if (closed) {
        IllegalStateException failure = new IllegalStateException("cannot submit job "
            + spec.jobId() + ": the client " + origin + " is closed; create a new one");
        future.submittedSignal().completeExceptionally(failure);
        future.completeExceptionally(failure);
        return future;
      }
      listener.submit(new Submission(request, future, outcomeGrace));
    }
    return future;
  }

  /**
   * Stops the background thread, fails each pending future with an
   * {@link IllegalStateException} (their jobs keep running in the pool) and closes the Kafka
   * clients. A future cancelled before still sends its cancel. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    listener.stop();
    try {
      thread.join(CLOSE_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("The outcome listener of client {} did not stop within {}", origin,
          Durations.format(CLOSE_TIMEOUT));
    }
    producer.close(Duration.ofSeconds(5));
    log.info("Closed client {}", origin);
  }

  /** Builds a {@link WorkerPoolClient}. */
  public static final class Builder {

    private final String bootstrapServers;
    private final Map<String, String> kafkaProperties = new HashMap<>();
    private Path kafkaConfigFile;
    private String topicPrefix = Topics.DEFAULT_PREFIX;
    private String origin;
    private Duration outcomeGrace = DEFAULT_OUTCOME_GRACE;
    private Duration kafkaTimeout = DEFAULT_KAFKA_TIMEOUT;
    private Clock clock = Clock.systemUTC();

    private Builder(String bootstrapServers) {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("missing bootstrap servers: give the Kafka "
            + "cluster's addresses as host:port[,host:port], such as 127.0.0.1:9092");
      }
      this.bootstrapServers = bootstrapServers.strip();
    }

    /**
     * Adds Kafka client properties with Kafka's names, such as {@code security.protocol}.
     * They win over the file's; the bootstrap servers given to the builder win over both.
     */
    public Builder kafkaProperties(Map<String, String> properties) {
      kafkaProperties.putAll(properties);
      return this;
    }

    /** Reads Kafka client properties from a standard properties file, as the roles do. */
    public Builder kafkaConfigFile(Path file) {
      this.kafkaConfigFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** Sets the prefix of the pool's topic names; {@code workerpool.} by default. */
    public Builder topicPrefix(String prefix) {
      this.topicPrefix = new Topics(prefix).prefix();
      return this;
    }

    /**
     * Sets the name sent as the origin of this client's cancels and used as its Kafka client
     * id prefix; {@code client-HOST-PID} by default.
     */
    public Builder origin(String origin) {
      if (origin == null || !origin.matches("[A-Za-z0-9._-]{1,100}")) {
        throw new IllegalArgumentException("invalid origin '" + origin + "': use 1 to 100 "
            + "letters, digits, '.', '_' or '-', such as 'client-billing-7'");
      }
      this.origin = origin;
      return this;
    }

    /**
     * Sets how long after a job's deadline the client waits for its outcome before the future
     * fails with a {@link java.util.concurrent.TimeoutException};
     * {@link #DEFAULT_OUTCOME_GRACE} by default. Keep it above the reducers'
     * {@code REDUCER_SETTLE_TIMEOUT}, or timed-out jobs fail with it instead of completing
     * {@code TIMED_OUT}.
     */
    public Builder outcomeGrace(Duration grace) {
      this.outcomeGrace = requirePositive(grace, "outcome grace");
      return this;
    }

    /**
     * Sets how long a blocked Kafka request, such as reading the topics' metadata of a cluster
     * that does not respond, may take before the futures fail; {@link #DEFAULT_KAFKA_TIMEOUT}
     * by default. The Kafka properties {@code max.block.ms}, {@code default.api.timeout.ms} and
     * {@code request.timeout.ms} override it.
     */
    public Builder kafkaTimeout(Duration timeout) {
      this.kafkaTimeout = requirePositive(timeout, "Kafka timeout");
      return this;
    }

    /** Sets the clock of submission times and outcome timeouts; for tests. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Creates the client and starts its background thread. It does not wait for the cluster:
     * when the cluster cannot be reached, the futures of the first submissions fail.
     *
     * @throws IllegalArgumentException for an invalid Kafka property name
     * @throws io.workerpool.core.config.ConfigException when the properties file cannot be read
     * @throws org.apache.kafka.common.KafkaException when the Kafka properties are unusable
     */
    public WorkerPoolClient build() {
      if (origin == null) {
        origin = ProcessIdentity.of("client");
      }
      return new WorkerPoolClient(this);
    }

    private static Duration requirePositive(Duration value, String name) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("invalid " + name + " "
            + (value == null ? "null" : Durations.format(value)) + ": expected more than 0");
      }
      return value;
    }
  }
}
