package io.workerpool.cli;

import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one job's progress records on a thread of its own and draws them with a
 * {@link ProgressBar} while the submitting thread waits for the outcome. Open it before the job
 * is sent, so that it reads from the partition's end as it was then and misses no record. A
 * failure to read progress stops only the drawing, never the wait for the outcome.
 */
final class ProgressWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProgressWatcher.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(250);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private final KafkaConsumer<String, byte[]> consumer;
  private final ProgressBar bar;
  private final Clock clock;
  private final String jobId;
  private Thread thread;
  private Instant submittedAt;
  private boolean closed;
  private volatile boolean running = true;

  private ProgressWatcher(KafkaConsumer<String, byte[]> consumer, ProgressBar bar, Clock clock,
      String jobId) {
    this.consumer = consumer;
    this.bar = bar;
    this.clock = clock;
    this.jobId = jobId;
  }

  /** Returns a watcher that reads and draws nothing, for output that is not a terminal. */
  static ProgressWatcher disabled() {
    return new ProgressWatcher(null, null, null, null);
  }

  /**
   * Positions a consumer at the end of the job's partition of {@code topic}.
   *
   * @throws io.workerpool.core.client.KafkaUnavailableException when the topic is missing or
   *     cannot be read
   */
  static ProgressWatcher open(KafkaClients clients, String topic, String jobId, ProgressBar bar,
      Clock clock) {
    KafkaConsumer<String, byte[]> consumer = clients.newConsumer("progress", null);
    try {
      TopicPartition partition =
          ProgressTopic.partitionFor(consumer, topic, jobId, clients.bootstrapServers());
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      consumer.position(partition);
      return new ProgressWatcher(consumer, bar, clock, jobId);
    } catch (RuntimeException e) {
      consumer.close(Duration.ZERO);
      throw e;
    }
  }

  /** Starts drawing the progress records of the submission made at {@code submittedAt}. */
  void watch(Instant submittedAt) {
    if (consumer == null) {
      return;
    }
    this.submittedAt = submittedAt;
    thread = new Thread(() -> run(submittedAt), "progress-" + jobId);
    thread.setDaemon(true);
    thread.start();
  }

  private void run(Instant submittedAt) {
    JobProgress latest = null;
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
          JobProgress progress = ProgressTopic.read(record, jobId).orElse(null);
          if (progress != null && Objects.equals(progress.submittedAt(), submittedAt)) {
            latest = progress;
          }
        }
        if (running) {
          bar.draw(latest, Duration.between(submittedAt, clock.instant()));
        }
      }
    } catch (WakeupException e) {
      // close() stops the loop.
    } catch (RuntimeException e) {
      log.debug("Stopped drawing the progress of job {}: {}", jobId, e.toString());
    } finally {
      consumer.close(Duration.ZERO);
    }
  }

  /**
   * Stops drawing, draws the outcome's final line and ends the line. The reducer sends the final
   * progress record only after the outcome is stored, so the outcome is newer than any record
   * read so far.
   */
  void finish(JobOutcome outcome, Instant deadline) throws InterruptedException {
    if (consumer == null || closed) {
      return;
    }
    stop();
    if (thread != null) {
      bar.draw(JobProgress.finished(outcome, true, deadline),
          Duration.between(submittedAt, outcome.finishedAt()));
    }
    bar.finish();
  }

  /** Stops drawing and ends the progress line; a second call does nothing. */
  @Override
  public void close() throws InterruptedException {
    if (consumer == null || closed) {
      return;
    }
    stop();
    bar.finish();
  }

  private void stop() throws InterruptedException {
    closed = true;
    running = false;
    if (thread == null) {
      consumer.close(Duration.ZERO);
      return;
    }
    consumer.wakeup();
    thread.join(CLOSE_TIMEOUT.toMillis());
  }
}
