package io.workerpool.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class PendingSubmissionsTest {

  private static final Duration GRACE = Duration.ofSeconds(5);

  private final MutableClock clock = MutableClock.atFixedStart();
  private final PendingSubmissions pending = new PendingSubmissions();

  @Test
  void outcomeOfSameSubmissionCompletesFuture() {
    Submission submission = submit("job-1", Duration.ofSeconds(30));

    pending.complete(record(outcome("job-1", submission.request().submittedAt())));

    assertThat(submission.future()).isCompleted();
    assertThat(submission.future().join().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(pending.size()).isZero();
  }

  @Test
  void otherSubmissionOutcomeIsIgnored() {
    Submission submission = submit("job-1", Duration.ofSeconds(30));

    pending.complete(record(outcome("job-1", clock.instant().minusSeconds(90))));

    assertThat(submission.future()).isNotDone();
    assertThat(pending.size()).isOne();
  }

  @Test
  void outcomeWithoutSubmittedAtMatchesAll() {
    Submission first = submit("job-1", Duration.ofSeconds(30));
    clock.advance(Duration.ofMillis(1));
    Submission second = submit("job-1", Duration.ofSeconds(30));

    pending.complete(record(outcome("job-1", null)));

    assertThat(first.future()).isCompleted();
    assertThat(second.future()).isCompleted();
  }

  @Test
  void invalidOutcomeIsIgnored() {
    Submission submission = submit("job-1", Duration.ofSeconds(30));

    pending.complete(new ConsumerRecord<>("workerpool.outcomes", 0, 7L, "job-1",
        "not json".getBytes(StandardCharsets.UTF_8)));

    assertThat(submission.future()).isNotDone();
  }

  @Test
  void cancelledFutureKeepsItsStateWhenOutcomeArrives() {
    Submission submission = submit("job-1", Duration.ofSeconds(30));
    submission.future().cancel(true);

    pending.complete(record(outcome("job-1", submission.request().submittedAt())));

    assertThat(submission.future()).isCancelled();
  }

  @Test
  void futureFailsOnlyAfterDeadlinePlusGrace() {
    Submission submission = submit("job-1", Duration.ofSeconds(30));

    clock.advance(Duration.ofSeconds(35));
    pending.expire(clock.instant(), true, "127.0.0.1:9092");
    assertThat(submission.future()).isNotDone();

    clock.advance(Duration.ofMillis(1));
    pending.expire(clock.instant(), true, "127.0.0.1:9092");
    assertThat(submission.future()).isCompletedExceptionally();
    assertThat(pending.size()).isZero();
  }

  @Test
  void timeoutMessageNamesJobAndRoles() {
    Submission submission = submit("job-1", Duration.ofSeconds(30));

    TimeoutException timeout = PendingSubmissions.timeout(submission, true, "127.0.0.1:9092");

    assertThat(timeout.getMessage())
        .startsWith("no outcome for job job-1 within 35s (its deadline plus the outcome grace "
            + "of 5s)")
        .contains("check that a producer, workers and a reducer are running");
  }

  @Test
  void timeoutMessageNamesUnreachableCluster() {
    Submission submission = submit("job-1", Duration.ofSeconds(30));

    TimeoutException timeout = PendingSubmissions.timeout(submission, false, "10.0.0.1:9092");

    assertThat(timeout.getMessage())
        .contains("no connection to the Kafka cluster at 10.0.0.1:9092");
  }

  @Test
  void removeDoneReturnsCancelledSubmissions() {
    Submission cancelled = submit("job-1", Duration.ofSeconds(30));
    Submission running = submit("job-2", Duration.ofSeconds(30));
    cancelled.future().cancel(true);

    assertThat(pending.removeDone()).containsExactly(cancelled);
    assertThat(pending.size()).isOne();
    assertThat(running.future()).isNotDone();
  }

  private Submission submit(String jobId, Duration deadline) {
    Instant now = clock.instant();
    JobRequest request = JobRequest.of(jobId, "friends", null, now, now.plus(deadline));
    Submission submission = new Submission(request, new JobFuture(jobId, () -> { }), GRACE);
    submission.markSent();
    pending.add(submission);
    return submission;
  }

  private JobOutcome outcome(String jobId, Instant submittedAt) {
    return new JobOutcome(MessageCodec.VERSION, jobId, "friends", JobStatus.SUCCEEDED,
        JsonNodeFactory.instance.objectNode(), null, new JobStats(0, 0, 0, 0), submittedAt,
        clock.instant());
  }

  private static ConsumerRecord<String, byte[]> record(JobOutcome outcome) {
    return new ConsumerRecord<>("workerpool.outcomes", 0, 0L, outcome.jobId(),
        MessageCodec.encode(outcome));
  }
}
