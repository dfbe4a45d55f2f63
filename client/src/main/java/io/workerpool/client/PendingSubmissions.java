package io.workerpool.client;

import io.workerpool.core.config.Durations;
import io.workerpool.protocol.InvalidMessageException;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.MessageCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The sent jobs that wait for their outcome, by job id. Not thread-safe: only the outcome
 * listener's thread uses it.
 */
final class PendingSubmissions {

  private static final Logger log = LoggerFactory.getLogger(PendingSubmissions.class);

  private final Map<String, List<Submission>> byJobId = new HashMap<>();

  void add(Submission submission) {
    byJobId.computeIfAbsent(submission.jobId(), id -> new ArrayList<>()).add(submission);
  }

  int size() {
    return byJobId.values().stream().mapToInt(List::size).sum();
  }

  /**
   * Completes the submissions that an outcome record matches: those with the record's job id
   * and the outcome's {@code submittedAt}. An outcome without {@code submittedAt}, for a job
   * message the reducer could not read, matches every submission of its job id. A future that
   * is already done, such as a cancelled one, keeps its state.
   */
  void complete(ConsumerRecord<String, byte[]> record) {
    List<Submission> waiting = byJobId.get(record.key());
    if (waiting == null) {
      return;
    }
    try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", record.key())) {
      JobOutcome outcome;
      try {
        outcome = MessageCodec.decode(record.value(), JobOutcome.class);
      } catch (InvalidMessageException e) {
        log.warn("Ignoring invalid outcome of job {} at partition {} offset {}: {}",
            record.key(), record.partition(), record.offset(), e.getMessage());
        return;
      }
      for (Iterator<Submission> it = waiting.iterator(); it.hasNext(); ) {
        Submission submission = it.next();
        if (matches(outcome, submission)) {
          it.remove();
          if (submission.future().complete(outcome)) {
            log.info("Job {} ended {}", outcome.jobId(), outcome.status());
          }
        }
      }
      if (waiting.isEmpty()) {
        byJobId.remove(record.key());
      }
    }
  }

  private static boolean matches(JobOutcome outcome, Submission submission) {
    return outcome.submittedAt() == null
        || outcome.submittedAt().equals(submission.request().submittedAt());
  }

  /**
   * Removes and returns the submissions whose future is done without an outcome: cancelled,
   * failed to send, or completed by the caller.
   */
  List<Submission> removeDone() {
    List<Submission> done = new ArrayList<>();
    for (Iterator<List<Submission>> lists = byJobId.values().iterator(); lists.hasNext(); ) {
      List<Submission> submissions = lists.next();
      for (Iterator<Submission> it = submissions.iterator(); it.hasNext(); ) {
        Submission submission = it.next();
        if (submission.future().isDone()) {
          it.remove();
          done.add(submission);
        }
      }
      if (submissions.isEmpty()) {
        lists.remove();
      }
    }
    return done;
  }

  /**
   * Fails with a {@link TimeoutException} every submission whose deadline plus grace passed
   * before {@code now}.
   *
   * @param connected whether the outcomes consumer has a connection to any broker, which
   *     decides what the message names as the cause to check
   */
  void expire(Instant now, boolean connected, String bootstrapServers) {
    for (Iterator<List<Submission>> lists = byJobId.values().iterator(); lists.hasNext(); ) {
      List<Submission> submissions = lists.next();
      for (Iterator<Submission> it = submissions.iterator(); it.hasNext(); ) {
        Submission submission = it.next();
        if (now.isAfter(submission.giveUpAt())) {
          it.remove();
          TimeoutException timeout = timeout(submission, connected, bootstrapServers);
          try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", submission.jobId())) {
            if (submission.future().completeExceptionally(timeout)) {
              log.warn("Gave up waiting for job {}: {}", submission.jobId(),
                  timeout.getMessage());
            }
          }
        }
      }
      if (submissions.isEmpty()) {
        lists.remove();
      }
    }
  }

  static TimeoutException timeout(Submission submission, boolean connected,
      String bootstrapServers) {
    String prefix = "no outcome for job " + submission.jobId() + " within "
        + Durations.format(submission.outcomeTimeout()) + " (its deadline plus the outcome "
        + "grace of " + Durations.format(submission.outcomeGrace()) + ")";
    if (!connected) {
      return new TimeoutException(prefix + ": the client has no connection to the Kafka "
          + "cluster at " + bootstrapServers + ", so check that its brokers are running and "
          + "reachable at those addresses");
    }
    return new TimeoutException(prefix + ": check that a producer, workers and a reducer are "
        + "running, and that the reducer did not restart while the job ran");
  }

  /** Removes and returns every submission, for a client that closes. */
  List<Submission> removeAll() {
    List<Submission> all = new ArrayList<>();
    byJobId.values().forEach(all::addAll);
    byJobId.clear();
    return all;
  }
}
