package io.workerpool.client;

import io.workerpool.core.client.KafkaAccessDeniedException;
import io.workerpool.core.client.KafkaUnavailableException;
import io.workerpool.core.kafka.ConnectionCount;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The loop of the client's one background thread. It reads the outcomes topic with one consumer
 * for every pending job, sends the jobs, sends the cancels of cancelled futures, and fails the
 * futures whose outcome is overdue.
 *
 * <p>Each pass takes the new submissions. Until the consumer has a position, it assigns the
 * consumer every partition of the outcomes topic and seeks to their end. Then it sends the
 * waiting jobs, polls once, completes the futures whose outcomes arrived, sends the cancels and
 * fails the overdue futures. A job is sent only after the consumer's position is fixed at the
 * end, so its outcome cannot be missed however fast the job runs.
 */
final class OutcomeListener implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(OutcomeListener.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  private final KafkaClients clients;
  private final Topics topics;
  private final Clock clock;
  private final String origin;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;

  private final Queue<Submission> incoming = new ConcurrentLinkedQueue<>();
  private final Semaphore wakeSignal = new Semaphore(0);
  private final Queue<Submission> waiting = new ArrayDeque<>();
  private final PendingSubmissions pending = new PendingSubmissions();

  private volatile boolean running = true;
  /** Set once the loop has ended, before it fails the last queued submissions. */
  private volatile boolean stopped;
  private volatile boolean positioned;

  OutcomeListener(KafkaClients clients, Topics topics, Clock clock, String origin,
      KafkaProducer<String, byte[]> producer) {
    this.clients = clients;
    this.topics = topics;
    this.clock = clock;
    this.origin = origin;
    this.producer = producer;
    this.consumer = clients.newConsumer("outcomes", null);
  }

  /** Queues a submission for the loop; called from any thread. */
  void submit(Submission submission) {
    incoming.add(submission);
    if (stopped) {
      // The loop ended, perhaps after its last look at the queue, so no one else will.
      failIncoming(new IllegalStateException("cannot submit job " + submission.jobId()
          + ": the outcome listener of client " + origin + " has stopped; create a new "
          + "WorkerPoolClient"));
      return;
    }
    wake();
  }

  private void failIncoming(RuntimeException failure) {
    for (Submission queued = incoming.poll(); queued != null; queued = incoming.poll()) {
      fail(queued, failure);
    }
  }

  /** Makes the loop run its next pass now, such as after a future was cancelled. */
  void wake() {
    wakeSignal.release();
    if (positioned) {
      consumer.wakeup();
    }
  }

  /** Asks the loop to stop; it fails every pending future with {@code closed} on its way out. */
  void stop() {
    running = false;
    wakeSignal.release();
    consumer.wakeup();
  }

  @Override
  public void run() {
    log.info("Client {} reads outcomes of topic {} at {}", origin, topics.outcomes(),
        clients.bootstrapServers());
    try {
      positionAtEnd();
      while (running) {
        runOnePass();
      }
      sendCancels();
    } catch (RuntimeException | Error e) {
      log.error("The outcome listener of client {} failed; pending futures fail", origin, e);
      failEverything(new IllegalStateException("the outcome listener of client " + origin
          + " failed (" + e + "); create a new WorkerPoolClient", e));
      throw e;
    } finally {
      stopped = true;
      failEverything(new IllegalStateException("the client " + origin + " was closed before "
          + "the job's outcome arrived; the job keeps running in the pool unless it was "
          + "cancelled"));
      consumer.close(Duration.ofSeconds(5));
      log.info("Client {} stopped reading outcomes", origin);
    }
  }

  private void runOnePass() {
    takeIncoming();
    if (!positioned) {
      if (!waiting.isEmpty()) {
        positionAtEnd();
      }
      if (!positioned) {
        awaitWake();
        return;
      }
    }
    sendWaiting();
    poll();
    sendCancels();
    pending.expire(clock.instant(), isConnected(), clients.bootstrapServers());
  }

  private void takeIncoming() {
    for (Submission submission = incoming.poll(); submission != null;
        submission = incoming.poll()) {
      waiting.add(submission);
    }
  }

  /**
   * Assigns every partition of the outcomes topic and fixes the position at its end. On
   * failure, fails the waiting futures with the reason; the next submission tries again.
   */
  private void positionAtEnd() {
    try {
      List<TopicPartition> partitions = outcomePartitions();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      positioned = true;
      log.info("Client {} reads {} partitions of topic {} from their end", origin,
          partitions.size(), topics.outcomes());
    } catch (WakeupException e) {
      // stop() woke the consumer, or a wakeup was left from before; the loop decides next.
    } catch (KafkaUnavailableException e) {
      log.warn("Client {} cannot read outcomes: {}", origin, e.getMessage());
      failWaiting(e);
    } catch (KafkaException e) {
      KafkaUnavailableException failure = unavailable("cannot read topic " + topics.outcomes()
          + " at " + clients.bootstrapServers(), topics.outcomes(), e);
      log.warn("Client {} cannot read outcomes: {}", origin, failure.getMessage());
      failWaiting(failure);
    }
  }

  private List<TopicPartition> outcomePartitions() {
    List<TopicPartition> partitions;
    try {
      partitions = consumer.partitionsFor(topics.outcomes()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList();
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      throw unavailable("cannot read topic " + topics.outcomes() + " at "
          + clients.bootstrapServers(), topics.outcomes(), e);
    }
    if (partitions.isEmpty()) {
      throw new KafkaUnavailableException("topic " + topics.outcomes() + " does not exist at "
          + clients.bootstrapServers() + ": start the pool's roles first, or check the topic "
          + "prefix given to WorkerPoolClient", null);
    }
    return partitions;
  }

  /**
   * Classifies a failed request like the command-line client does. For an unreachable cluster,
   * the message also names what to check.
   */
  private KafkaUnavailableException unavailable(String action, String topic, Throwable cause) {
    KafkaUnavailableException classified = KafkaAccessDeniedException.classify(action, topic,
        cause);
    if (classified instanceof KafkaAccessDeniedException) {
      return classified;
    }
    return new KafkaUnavailableException(classified.getMessage() + "; check that the Kafka "
        + "brokers at " + clients.bootstrapServers() + " are running and reachable, or fix the "
        + "bootstrap servers given to WorkerPoolClient", cause);
  }

  private void sendWaiting() {
    for (Submission submission = waiting.poll(); submission != null;
        submission = waiting.poll()) {
      if (submission.future().isCancelled()) {
        submission.future().submittedSignal().cancel(false);
        submission.future().cancelSentSignal().complete(null);
        continue;
      }
      if (submission.future().isDone()) {
        submission.future().submittedSignal().completeExceptionally(new IllegalStateException(
            "job " + submission.jobId() + " was not sent: its future was completed first"));
        continue;
      }
      pending.add(submission);
      submission.markSent();
      send(submission, topics.jobs(), MessageCodec.encode(submission.request()));
    }
  }

  private void send(Submission submission, String topic, byte[] value) {
    String jobId = submission.jobId();
    try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", jobId)) {
      producer.send(new ProducerRecord<>(topic, jobId, value), (metadata, error) -> {
        try (MDC.MDCCloseable inCallback = MDC.putCloseable("jobId", jobId)) {
          if (error == null) {
            log.info("Submitted job {} of type {} with deadline {}", jobId,
                submission.request().type(), submission.request().deadline());
            submission.future().submittedSignal().complete(null);
            return;
          }
          KafkaUnavailableException failure = unavailable("cannot send to topic " + topic
              + " at " + clients.bootstrapServers(), topic, error);
          log.warn("Failed to submit job {}: {}", jobId, failure.getMessage());
          submission.future().submittedSignal().completeExceptionally(failure);
          submission.future().completeExceptionally(failure);
        }
      });
    } catch (KafkaException e) {
      KafkaUnavailableException failure = unavailable("cannot send to topic " + topic + " at "
          + clients.bootstrapServers(), topic, e);
      log.warn("Failed to submit job {}: {}", jobId, failure.getMessage());
      submission.future().submittedSignal().completeExceptionally(failure);
      submission.future().completeExceptionally(failure);
    }
  }

  private void poll() {
    try {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
        pending.complete(record);
      }
    } catch (WakeupException e) {
      // A cancel, a submission or stop() woke the loop.
    } catch (KafkaException e) {
      failPolling(e);
    }
  }

  /**
   * Fails every pending future when the outcomes topic cannot be read, such as when the
   * principal may describe it but not read it. The next submission positions the consumer
   * again.
   */
  private void failPolling(KafkaException error) {
    KafkaUnavailableException failure = unavailable("cannot read topic " + topics.outcomes()
        + " at " + clients.bootstrapServers(), topics.outcomes(), error);
    log.warn("Client {} failed to read outcomes, so its pending futures fail (count: {}): {}",
        origin, pending.size(), failure.getMessage());
    positioned = false;
    consumer.unsubscribe();
    sendCancels();
    for (Submission submission : pending.removeAll()) {
      fail(submission, failure);
    }
  }

  /** Sends a client cancel for each sent job whose future was cancelled. */
  private void sendCancels() {
    for (Submission submission : pending.removeDone()) {
      if (submission.future().isCancelled()) {
        sendCancel(submission);
      }
    }
  }

  private void sendCancel(Submission submission) {
    String jobId = submission.jobId();
    String message = "cancelled by client " + origin + ": " + submission.future().cancelReason();
    Cancel cancel = Cancel.of(jobId, CancelReason.CLIENT,
        JobError.of(JobError.Step.CLIENT, message), origin, clock.instant(),
        submission.request().deadline());
    try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", jobId)) {
      log.info("Cancelling job {}: {}", jobId, message);
      producer.send(new ProducerRecord<>(topics.cancels(), jobId, MessageCodec.encode(cancel)),
          (metadata, error) -> cancelSent(submission, error));
    } catch (KafkaException e) {
      cancelSent(submission, e);
    }
  }

  private void cancelSent(Submission submission, Exception error) {
    String jobId = submission.jobId();
    try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", jobId)) {
      if (error == null) {
        submission.future().cancelSentSignal().complete(null);
        return;
      }
      KafkaUnavailableException failure = unavailable("cannot send to topic "
          + topics.cancels() + " at " + clients.bootstrapServers(), topics.cancels(), error);
      log.warn("Failed to cancel job {}, it keeps running: {}", jobId, failure.getMessage());
      submission.future().cancelSentSignal().completeExceptionally(failure);
    }
  }

  private void awaitWake() {
    try {
      wakeSignal.tryAcquire(POLL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      wakeSignal.drainPermits();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private void failWaiting(RuntimeException failure) {
    for (Submission submission = waiting.poll(); submission != null;
        submission = waiting.poll()) {
      if (fail(submission, failure)) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", submission.jobId())) {
          log.warn("Failed to submit job {}: {}", submission.jobId(), failure.getMessage());
        }
      }
    }
  }

  private void failEverything(RuntimeException failure) {
    takeIncoming();
    for (Submission submission = waiting.poll(); submission != null;
        submission = waiting.poll()) {
      logStoppedWaiting(submission, fail(submission, failure));
    }
    for (Submission submission : pending.removeAll()) {
      logStoppedWaiting(submission, fail(submission, failure));
    }
  }

  private static void logStoppedWaiting(Submission submission, boolean failed) {
    if (failed) {
      try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", submission.jobId())) {
        log.info("Stopped waiting for the outcome of job {}", submission.jobId());
      }
    }
  }

  /** Fails the future unless it is done; returns whether this call failed it. */
  private static boolean fail(Submission submission, RuntimeException failure) {
    if (!submission.sent()) {
      submission.future().submittedSignal().completeExceptionally(failure);
    }
    if (submission.future().isCancelled()) {
      submission.future().cancelSentSignal().complete(null);
      return false;
    }
    try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", submission.jobId())) {
      return submission.future().completeExceptionally(failure);
    }
  }

  private boolean isConnected() {
    return ConnectionCount.isConnected(consumer);
  }
}
