package io.workerpool.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.core.job.CombineException;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.core.job.TaskSink;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.IsolatedRun;
import io.workerpool.protocol.IsolatedRun.RunState;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobProgress;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.ListingFinished;
import io.workerpool.protocol.ListingFinished.ListingStatus;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.ProgressState;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import io.workerpool.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobReducerTest {

  private static final String JOB_ID = "job-1";
  private static final String WORKER_ID = "worker-test";
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(5);

  private final MutableClock clock = MutableClock.atFixedStart();
  private final Instant submittedAt = clock.instant();
  private final Instant deadline = clock.instant().plus(Duration.ofMinutes(1));
  private final RecordingOutput output = new RecordingOutput();
  private final Map<String, Cancel> cancelsReadAtStart = new HashMap<>();
  private final JobReducer reducer = new JobReducer(JobHandlers.of(new SumHandler()), output,
      clock, new ReducerSettings("g", SETTLE_TIMEOUT, Duration.ofMinutes(10),
          Duration.ofHours(1)), "reducer-test",
      jobId -> Optional.ofNullable(cancelsReadAtStart.get(jobId)));

  @Test
  void allTasksSucceededPublishesCombinedResult() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 1, 2));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 2, 3));

    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 3, ListingStatus.COMPLETE));

    assertThat(output.outcomes).hasSize(1);
    JobOutcome outcome = output.outcomes.get(0);
    assertThat(outcome.jobId()).isEqualTo(JOB_ID);
    assertThat(outcome.type()).isEqualTo("sum");
    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result()).isEqualTo(sumResult(6, 3));
    assertThat(outcome.error()).isNull();
    assertThat(outcome.stats()).isEqualTo(new JobStats(3, 3, 0, 0));
    assertThat(outcome.finishedAt()).isEqualTo(clock.instant());
    assertThat(output.cancels).isEmpty();
    assertThat(reducer.activeJobs()).isZero();
  }

  @Test
  void emptyCompleteListingSucceeds() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));

    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 0, ListingStatus.COMPLETE));

    assertThat(output.outcomes).extracting(JobOutcome::status)
        .containsExactly(JobStatus.SUCCEEDED);
    assertThat(output.outcomes.get(0).result()).isEqualTo(sumResult(0, 0));
    assertThat(output.outcomes.get(0).stats()).isEqualTo(new JobStats(0, 0, 0, 0));
  }

  @Test
  void resultsBeforeJobRecordStillSucceed() {
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 1, 20));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 10));
    int outcomesBeforeListing = output.outcomes.size();

    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 2, ListingStatus.COMPLETE));
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));

    assertThat(outcomesBeforeListing).isZero();
    assertThat(output.outcomes).hasSize(1);
    JobOutcome outcome = output.outcomes.get(0);
    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result()).isEqualTo(sumResult(30, 2));
    assertThat(outcome.stats()).isEqualTo(new JobStats(2, 2, 0, 0));
    assertThat(reducer.activeJobs()).isZero();
  }

  @Test
  void duplicateResultCountedOnce() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 5));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 5));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 2, ListingStatus.COMPLETE));
    int outcomesAfterDuplicate = output.outcomes.size();

    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 1, 7));

    assertThat(outcomesAfterDuplicate).isZero();
    assertThat(output.outcomes).hasSize(1);
    JobOutcome outcome = output.outcomes.get(0);
    assertThat(outcome.result()).isEqualTo(sumResult(12, 2));
    assertThat(outcome.stats()).isEqualTo(new JobStats(2, 2, 0, 0));
  }

  @ParameterizedTest(name = "{0} cancel ends the job {1}")
  @CsvSource({"FAILED, FAILED", "CLIENT, CANCELLED", "DEADLINE, TIMED_OUT"})
  void cancelWaitsForEveryListedTask(CancelReason reason, JobStatus expected) {
    Cancel cancel = cancel(JOB_ID, reason, "stopped for the test");
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 3, ListingStatus.STOPPED));
    reducer.onCancel(cancel);
    reducer.onResultRecord(JOB_ID, skipped(JOB_ID, 1));
    int outcomesBeforeLastReport = output.outcomes.size();

    reducer.onResultRecord(JOB_ID, skipped(JOB_ID, 2));

    assertThat(outcomesBeforeLastReport).isZero();
    assertThat(output.outcomes).hasSize(1);
    JobOutcome outcome = output.outcomes.get(0);
    assertThat(outcome.status()).isEqualTo(expected);
    assertThat(outcome.error()).isEqualTo(cancel.error().withOrigin(cancel.origin()));
    assertThat(outcome.result()).isNull();
    assertThat(outcome.stats()).isEqualTo(new JobStats(3, 1, 0, 2));
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void failedTaskEndsJobFailed() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 3, ListingStatus.COMPLETE));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    TaskResult failure = failedResult(JOB_ID, 1, "task job-1#1 (number 1) failed: 503");
    reducer.onResultRecord(JOB_ID, MessageCodec.encode(failure));
    reducer.onCancel(Cancel.of(JOB_ID, CancelReason.FAILED, failure.error(), WORKER_ID,
        clock.instant(), deadline));

    reducer.onResultRecord(JOB_ID, skipped(JOB_ID, 2));

    assertThat(output.outcomes).hasSize(1);
    JobOutcome outcome = output.outcomes.get(0);
    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error()).isEqualTo(failure.error().withOrigin(WORKER_ID));
    assertThat(outcome.stats()).isEqualTo(new JobStats(3, 1, 1, 1));
  }

  @Test
  void missingReportsEndAtSettleTimeout() {
    Cancel cancel = cancel(JOB_ID, CancelReason.CLIENT, "cancelled by client alice");
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 4, ListingStatus.COMPLETE));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    reducer.onCancel(cancel);
    reducer.onResultRecord(JOB_ID, skipped(JOB_ID, 1));
    clock.advance(SETTLE_TIMEOUT.minusMillis(1));
    reducer.checkTimers();
    int outcomesBeforeTimeout = output.outcomes.size();

    clock.advance(Duration.ofMillis(1));
    reducer.checkTimers();

    assertThat(outcomesBeforeTimeout).isZero();
    assertThat(output.outcomes).hasSize(1);
    JobOutcome outcome = output.outcomes.get(0);
    assertThat(outcome.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(outcome.error()).isEqualTo(cancel.error().withOrigin(cancel.origin()));
    assertThat(outcome.stats()).isEqualTo(new JobStats(4, 1, 0, 3));
  }

  @Test
  void outcomeErrorNamesCancelOrigin() {
    Cancel cancel = cancel(JOB_ID, CancelReason.CLIENT, "cancelled by client alice: wrong user");
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 1, ListingStatus.STOPPED));
    reducer.onCancel(cancel);

    reducer.onResultRecord(JOB_ID, skipped(JOB_ID, 0));

    assertThat(output.outcomes).hasSize(1);
    JobError error = output.outcomes.get(0).error();
    assertThat(error.origin()).isEqualTo("client-alice");
    assertThat(error.step()).isEqualTo(Step.CLIENT);
    assertThat(error.message()).isEqualTo("cancelled by client alice: wrong user");
  }

  @Test
  void failedTaskOutcomeNamesWorker() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 1, ListingStatus.COMPLETE));

    reducer.onResultRecord(JOB_ID, failed(JOB_ID, 0, "task job-1#0 (number 0) failed: 503"));

    assertThat(output.outcomes).hasSize(1);
    assertThat(output.outcomes.get(0).error().origin()).isEqualTo(WORKER_ID);
  }

  @Test
  void missingListingEndsAtSettleTimeout() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    reducer.onCancel(cancel(JOB_ID, CancelReason.CLIENT, "cancelled by client alice"));

    clock.advance(SETTLE_TIMEOUT);
    reducer.checkTimers();

    assertThat(output.outcomes).hasSize(1);
    assertThat(output.outcomes.get(0).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(output.outcomes.get(0).stats()).isEqualTo(new JobStats(1, 1, 0, 0));
  }

  @Test
  void deadlineSendsCancelThenTimedOut() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 3, ListingStatus.COMPLETE));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    clock.advance(Duration.ofMinutes(1));

    reducer.checkTimers();
    int outcomesAfterDeadline = output.outcomes.size();
    deliverCancelsSent();
    reducer.onResultRecord(JOB_ID, skipped(JOB_ID, 1));
    reducer.onResultRecord(JOB_ID, skipped(JOB_ID, 2));

    assertThat(output.cancels).hasSize(1);
    Cancel cancel = output.cancels.get(0);
    assertThat(cancel.jobId()).isEqualTo(JOB_ID);
    assertThat(cancel.reason()).isEqualTo(CancelReason.DEADLINE);
    assertThat(cancel.error().step()).isEqualTo(Step.DEADLINE);
    assertThat(cancel.error().message()).contains("1 of 3 tasks completed");
    assertThat(cancel.origin()).isEqualTo("reducer-test");
    assertThat(cancel.deadline()).isEqualTo(deadline);
    assertThat(outcomesAfterDeadline).isZero();
    assertThat(output.outcomes).hasSize(1);
    JobOutcome outcome = output.outcomes.get(0);
    assertThat(outcome.status()).isEqualTo(JobStatus.TIMED_OUT);
    assertThat(outcome.error()).isEqualTo(cancel.error().withOrigin(cancel.origin()));
    assertThat(outcome.stats()).isEqualTo(new JobStats(3, 1, 0, 2));
  }

  @Test
  void deadlineTimesOutWithMissingReports() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    clock.advance(Duration.ofMinutes(1));
    reducer.checkTimers();
    deliverCancelsSent();

    clock.advance(SETTLE_TIMEOUT);
    reducer.checkTimers();

    assertThat(output.cancels).hasSize(1);
    assertThat(output.cancels.get(0).error().message())
        .contains("passed with 1 tasks completed, while the producer was still listing");
    assertThat(output.outcomes).hasSize(1);
    JobOutcome outcome = output.outcomes.get(0);
    assertThat(outcome.status()).isEqualTo(JobStatus.TIMED_OUT);
    assertThat(outcome.stats()).isEqualTo(new JobStats(1, 1, 0, 0));
  }

  @Test
  void noCancelBeforeDeadline() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));

    clock.advance(Duration.ofMinutes(1).minusMillis(1));
    reducer.checkTimers();

    assertThat(output.cancels).isEmpty();
    assertThat(output.outcomes).isEmpty();
    assertThat(reducer.activeJobs()).isEqualTo(1);
  }

  @Test
  void resultsAfterOutcomePublishNothing() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 1, ListingStatus.COMPLETE));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));

    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    reducer.onResultRecord(JOB_ID, failed(JOB_ID, 1, "late failure"));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 2, ListingStatus.COMPLETE));
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onCancel(cancel(JOB_ID, CancelReason.CLIENT, "cancelled by client alice"));
    clock.advance(Duration.ofMinutes(2));
    reducer.checkTimers();

    assertThat(output.outcomes).hasSize(1);
    assertThat(output.outcomes.get(0).status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(output.cancels).isEmpty();
    assertThat(reducer.activeJobs()).isZero();
  }

  @Test
  void combineErrorCancelsWithStepReduce() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 2, ListingStatus.COMPLETE));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));

    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 1, -4));

    assertThat(output.cancels).hasSize(1);
    Cancel cancel = output.cancels.get(0);
    assertThat(cancel.reason()).isEqualTo(CancelReason.FAILED);
    assertThat(cancel.error().step()).isEqualTo(Step.REDUCE);
    assertThat(cancel.error().message()).contains("job-1#1");
    assertThat(cancel.error().message()).contains("negative value -4");
    assertThat(output.outcomes).hasSize(1);
    JobOutcome outcome = output.outcomes.get(0);
    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error()).isEqualTo(cancel.error().withOrigin(cancel.origin()));
    assertThat(outcome.stats()).isEqualTo(new JobStats(2, 2, 0, 0));
  }

  @Test
  void unknownTypeCancelsWithStepReduce() {
    Instant submittedAt = clock.instant();
    JobRequest job = JobRequest.of(JOB_ID, "mystery", null, submittedAt, deadline);
    Task task = Task.of(job, 0, MessageCodec.mapper().createObjectNode().put("n", 0));

    reducer.onResultRecord(JOB_ID, MessageCodec.encode(
        TaskResult.succeeded(task, valueOutput(1), WORKER_ID)));

    assertThat(output.cancels).hasSize(1);
    assertThat(output.cancels.get(0).error().step()).isEqualTo(Step.REDUCE);
    assertThat(output.cancels.get(0).error().message()).contains("'mystery'");
  }

  @Test
  void interleavedJobsCancellingOneKeepsOther() {
    Cancel cancelOfA = cancel("job-a", CancelReason.CLIENT, "cancelled by client alice");
    reducer.onJobRecord("job-a", jobMessage("job-a"));
    reducer.onJobRecord("job-b", jobMessage("job-b"));
    reducer.onResultRecord("job-a", listing("job-a", 2, ListingStatus.COMPLETE));
    reducer.onResultRecord("job-b", succeeded("job-b", 0, 100));
    reducer.onResultRecord("job-a", succeeded("job-a", 0, 1));
    reducer.onResultRecord("job-b", listing("job-b", 3, ListingStatus.COMPLETE));

    reducer.onCancel(cancelOfA);
    reducer.onResultRecord("job-b", succeeded("job-b", 1, 200));
    reducer.onResultRecord("job-a", skipped("job-a", 1));
    reducer.onResultRecord("job-b", succeeded("job-b", 2, 300));

    assertThat(output.outcomes).extracting(JobOutcome::jobId).containsExactly("job-a", "job-b");
    JobOutcome outcomeOfA = output.outcomes.get(0);
    assertThat(outcomeOfA.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(outcomeOfA.error()).isEqualTo(cancelOfA.error().withOrigin(cancelOfA.origin()));
    assertThat(outcomeOfA.stats()).isEqualTo(new JobStats(2, 1, 0, 1));
    JobOutcome outcomeOfB = output.outcomes.get(1);
    assertThat(outcomeOfB.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcomeOfB.result()).isEqualTo(sumResult(600, 3));
    assertThat(outcomeOfB.stats()).isEqualTo(new JobStats(3, 3, 0, 0));
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void rejectedJobEndsFailed() {
    Cancel rejection = Cancel.of(JOB_ID, CancelReason.FAILED,
        JobError.of(Step.SUBMIT, "invalid JobRequest message: not valid JSON"), "producer-test",
        clock.instant(), null);

    reducer.onJobRecord(JOB_ID, "{not json".getBytes(StandardCharsets.UTF_8));
    reducer.onResultRecord(JOB_ID, MessageCodec.encode(
        ListingFinished.of(JOB_ID, null, 0, ListingStatus.FAILED)));
    reducer.onCancel(rejection);

    assertThat(output.outcomes).hasSize(1);
    JobOutcome outcome = output.outcomes.get(0);
    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error()).isEqualTo(rejection.error().withOrigin(rejection.origin()));
    assertThat(outcome.type()).isNull();
    assertThat(outcome.stats()).isEqualTo(new JobStats(0, 0, 0, 0));
  }

  @Test
  void orphanResultsAreForgotten() {
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    clock.advance(Duration.ofMinutes(10));
    reducer.checkTimers();
    int activeAtTimeout = reducer.activeJobs();

    clock.advance(Duration.ofMillis(1));
    reducer.checkTimers();

    assertThat(activeAtTimeout).isEqualTo(1);
    assertThat(reducer.activeJobs()).isZero();
    assertThat(output.outcomes).isEmpty();
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void invalidRecordsAreIgnored() {
    reducer.onResultRecord(JOB_ID, "{oops".getBytes(StandardCharsets.UTF_8));
    reducer.onResultRecord("bad key", "{oops".getBytes(StandardCharsets.UTF_8));
    reducer.onJobRecord("bad key", "{oops".getBytes(StandardCharsets.UTF_8));

    assertThat(reducer.activeJobs()).isZero();
    assertThat(output.outcomes).isEmpty();
  }

  @Test
  void skippedResultBeforeCancelIsNotSuccess() {
    // Cancels and results travel on different topics, so a worker's SKIPPED result can reach
    // the reducer before the cancel that made the worker skip the task.
    Cancel cancel = cancel(JOB_ID, CancelReason.CLIENT, "cancelled by client alice");
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 2, ListingStatus.COMPLETE));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    reducer.onResultRecord(JOB_ID, skipped(JOB_ID, 1));

    reducer.onCancel(cancel);

    assertThat(output.outcomes).hasSize(1);
    assertThat(output.outcomes.get(0).status()).isEqualTo(JobStatus.CANCELLED);
  }

  @Test
  void cancelOfUnseenJobPublishesNoOutcome() {
    // Every reducer reads every cancel, but only the reducer that reads the job's partitions
    // may publish its outcome. This reducer never received a record of the job.
    reducer.onCancel(cancel("job-elsewhere", CancelReason.CLIENT, "cancelled by client alice"));

    clock.advance(SETTLE_TIMEOUT);
    reducer.checkTimers();

    assertThat(output.outcomes).isEmpty();
  }

  @Test
  void farFutureDeadlineStillFinishes() {
    reducer.onJobRecord(JOB_ID, MessageCodec.encode(
        JobRequest.of(JOB_ID, "sum", null, clock.instant(), Instant.MAX)));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));

    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 1, ListingStatus.COMPLETE));
    reducer.checkTimers();

    assertThat(output.outcomes).extracting(JobOutcome::status)
        .containsExactly(JobStatus.SUCCEEDED);
  }

  @Test
  void secondJobWithSameIdFailsAlone() {
    Instant firstSubmission = clock.instant();
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    clock.advance(Duration.ofSeconds(1));

    reducer.onJobRecord(JOB_ID, MessageCodec.encode(
        JobRequest.of(JOB_ID, "sum", null, clock.instant(), deadline)));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 1, ListingStatus.COMPLETE));

    assertThat(output.outcomes).hasSize(2);
    JobOutcome duplicate = output.outcomes.get(0);
    assertThat(duplicate.status()).isEqualTo(JobStatus.FAILED);
    assertThat(duplicate.submittedAt()).isEqualTo(clock.instant());
    assertThat(duplicate.error().message()).contains("already used by the job submitted at "
        + firstSubmission);
    JobOutcome original = output.outcomes.get(1);
    assertThat(original.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(original.submittedAt()).isEqualTo(firstSubmission);
  }

  @Test
  void resultOfOtherSubmissionIsIgnored() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    JobRequest other = JobRequest.of(JOB_ID, "sum", null,
        submittedAt.plus(Duration.ofSeconds(1)), deadline);
    Task otherTask = Task.of(other, 0, MessageCodec.mapper().createObjectNode().put("n", 0));

    reducer.onResultRecord(JOB_ID, MessageCodec.encode(
        TaskResult.succeeded(otherTask, valueOutput(100), WORKER_ID)));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 1, ListingStatus.COMPLETE));

    assertThat(output.outcomes).hasSize(1);
    assertThat(output.outcomes.get(0).result()).isEqualTo(sumResult(1, 1));
  }

  @Test
  void sameJobRecordReadAgainIsNoDuplicate() {
    byte[] job = jobMessage(JOB_ID);
    reducer.onJobRecord(JOB_ID, job);

    reducer.onJobRecord(JOB_ID, job);

    assertThat(output.outcomes).isEmpty();
    assertThat(reducer.activeJobs()).isEqualTo(1);
  }

  @Test
  void storedOutcomeIsNotPublishedAgain() {
    reducer.rememberOutcome(JOB_ID, submittedAt);

    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 1, ListingStatus.COMPLETE));

    assertThat(output.outcomes).isEmpty();
    assertThat(reducer.isActive(JOB_ID)).isFalse();
  }

  @Test
  void rejectedReuseIsNotRejectedTwice() {
    Instant reusedAt = submittedAt.plusSeconds(1);
    reducer.rememberOutcome(JOB_ID, submittedAt);
    reducer.rememberOutcome(JOB_ID, reusedAt);

    reducer.onJobRecord(JOB_ID, MessageCodec.encode(
        JobRequest.of(JOB_ID, "sum", null, reusedAt, deadline)));

    assertThat(output.outcomes).isEmpty();
  }

  @Test
  void cancelReadAtStartEndsReplayedJob() {
    cancelsReadAtStart.put(JOB_ID,
        cancel(JOB_ID, CancelReason.CLIENT, "cancelled by client alice: wrong user"));

    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, skipped(JOB_ID, 0));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 1, ListingStatus.STOPPED));

    assertThat(output.outcomes).extracting(JobOutcome::status)
        .containsExactly(JobStatus.CANCELLED);
    assertThat(output.outcomes.get(0).error().message())
        .isEqualTo("cancelled by client alice: wrong user");
  }

  @Test
  void noTimeoutWhileCatchingUp() {
    reducer.setCatchingUp(true);
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 4));
    clock.advance(Duration.ofMinutes(2));

    reducer.checkTimers();
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 1, ListingStatus.COMPLETE));

    assertThat(output.cancels).isEmpty();
    assertThat(output.outcomes).extracting(JobOutcome::status)
        .containsExactly(JobStatus.SUCCEEDED);
  }

  @Test
  void timeoutOnceCaughtUp() {
    reducer.setCatchingUp(true);
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    clock.advance(Duration.ofMinutes(2));
    reducer.checkTimers();

    reducer.setCatchingUp(false);
    reducer.checkTimers();

    assertThat(output.cancels).extracting(Cancel::reason).containsExactly(CancelReason.DEADLINE);
  }

  @Test
  void forgottenJobIsNoLongerActive() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));

    reducer.forget(JOB_ID);

    assertThat(reducer.isActive(JOB_ID)).isFalse();
    assertThat(reducer.activeJobs()).isZero();
  }

  @Test
  void unreadableResultFailsItsJob() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    String reason = reducer.onResultRecord(JOB_ID, "{\"kind\":".getBytes(
        java.nio.charset.StandardCharsets.UTF_8));

    reducer.onUnreadableResult(JOB_ID, "workerpool.results-3 offset 17", reason);
    deliverCancelsSent();
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 0, ListingStatus.STOPPED));

    assertThat(reason).isNotNull();
    assertThat(output.cancels).extracting(Cancel::reason).containsExactly(CancelReason.FAILED);
    assertThat(output.outcomes).extracting(JobOutcome::status).containsExactly(JobStatus.FAILED);
    assertThat(output.outcomes.get(0).error().step()).isEqualTo(Step.REDUCE);
    assertThat(output.outcomes.get(0).error().message())
        .contains("results record at workerpool.results-3 offset 17 is unreadable")
        .contains("dead-letters");
  }

  @Test
  void taskStartedAloneAgainFailsItsJob() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, isolatedRun(3, 2, "worker-a", RunState.STARTED));

    reducer.onResultRecord(JOB_ID, isolatedRun(3, 3, "worker-b", RunState.STARTED));

    assertThat(output.cancels).hasSize(1);
    Cancel cancel = output.cancels.get(0);
    assertThat(cancel.reason()).isEqualTo(CancelReason.FAILED);
    assertThat(cancel.error().taskId()).isEqualTo(JobIds.taskId(JOB_ID, 3));
    assertThat(cancel.error().message()).contains("stopped worker worker-a")
        .contains("delivery 2").contains("parked in the dead-letters topic");
  }

  @Test
  void isolatedRunWithResultFailsNothing() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, isolatedRun(3, 2, "worker-a", RunState.STARTED));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 3, 1));

    reducer.onResultRecord(JOB_ID, isolatedRun(3, 3, "worker-b", RunState.STARTED));

    assertThat(output.cancels).isEmpty();
  }

  @Test
  void handedBackIsolatedRunFailsNothing() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, isolatedRun(3, 2, "worker-a", RunState.STARTED));
    reducer.onResultRecord(JOB_ID, isolatedRun(3, 2, "worker-a", RunState.RELEASED));

    reducer.onResultRecord(JOB_ID, isolatedRun(3, 3, "worker-b", RunState.STARTED));

    assertThat(output.cancels).isEmpty();
  }

  @Test
  void progressPublishedWhenJobRecordIsRead() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));

    assertThat(output.progress).hasSize(1);
    JobProgress first = output.progress.get(0);
    assertThat(first.state()).isEqualTo(ProgressState.LISTING);
    assertThat(first.stats()).isEqualTo(new JobStats(0, 0, 0, 0));
    assertThat(first.listingFinished()).isFalse();
    assertThat(first.submittedAt()).isEqualTo(submittedAt);
    assertThat(first.deadline()).isEqualTo(deadline);
    assertThat(first.updatedAt()).isEqualTo(clock.instant());
  }

  @Test
  void progressWaitsForTheIntervalBetweenRecords() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    clock.advance(ReducerSettings.DEFAULT_PROGRESS_INTERVAL.minusMillis(1));
    reducer.checkTimers();
    int recordsBeforeInterval = output.progress.size();

    clock.advance(Duration.ofMillis(1));
    reducer.checkTimers();

    assertThat(recordsBeforeInterval).isEqualTo(1);
    assertThat(output.progress).hasSize(2);
    assertThat(output.progress.get(1).stats()).isEqualTo(new JobStats(1, 1, 0, 0));
    assertThat(output.progress.get(1).state()).isEqualTo(ProgressState.LISTING);
  }

  @Test
  void progressAfterAQuietIntervalIsPublishedAtOnce() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    clock.advance(ReducerSettings.DEFAULT_PROGRESS_INTERVAL);

    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 3, ListingStatus.COMPLETE));

    assertThat(output.progress).hasSize(2);
    JobProgress running = output.progress.get(1);
    assertThat(running.state()).isEqualTo(ProgressState.RUNNING);
    assertThat(running.listingFinished()).isTrue();
    assertThat(running.stats()).isEqualTo(new JobStats(3, 0, 0, 0));
  }

  @Test
  void unchangedJobPublishesNoFurtherProgress() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 3, ListingStatus.COMPLETE));
    clock.advance(ReducerSettings.DEFAULT_PROGRESS_INTERVAL);
    reducer.checkTimers();
    int recordsAfterFlush = output.progress.size();

    clock.advance(ReducerSettings.DEFAULT_PROGRESS_INTERVAL.multipliedBy(4));
    reducer.checkTimers();

    assertThat(recordsAfterFlush).isEqualTo(2);
    assertThat(output.progress).hasSize(2);
  }

  @Test
  void finalProgressMatchesTheOutcome() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 2, ListingStatus.STOPPED));
    reducer.onCancel(cancel(JOB_ID, CancelReason.CLIENT, "cancelled by client alice"));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));

    reducer.onResultRecord(JOB_ID, skipped(JOB_ID, 1));

    JobOutcome outcome = output.outcomes.get(0);
    JobProgress last = output.progress.get(output.progress.size() - 1);
    assertThat(last.state()).isEqualTo(ProgressState.CANCELLED);
    assertThat(last.stats()).isEqualTo(outcome.stats());
    assertThat(last.error()).isEqualTo(outcome.error());
    assertThat(last.deadline()).isEqualTo(deadline);
    assertThat(last.updatedAt()).isEqualTo(outcome.finishedAt());
    assertThat(output.progress).filteredOn(progress -> progress.state().isFinal()).hasSize(1);
  }

  @Test
  void finishedJobPublishesNoLaterProgress() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 1, ListingStatus.COMPLETE));
    int recordsAtOutcome = output.progress.size();

    clock.advance(ReducerSettings.DEFAULT_PROGRESS_INTERVAL);
    reducer.checkTimers();

    assertThat(output.progress).hasSize(recordsAtOutcome);
    assertThat(output.progress.get(recordsAtOutcome - 1).state())
        .isEqualTo(ProgressState.SUCCEEDED);
  }

  @Test
  void resultsBeforeJobRecordPublishNoProgress() {
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    clock.advance(ReducerSettings.DEFAULT_PROGRESS_INTERVAL);
    reducer.checkTimers();
    int recordsBeforeJob = output.progress.size();

    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));

    assertThat(recordsBeforeJob).isZero();
    assertThat(output.progress).extracting(JobProgress::stats)
        .containsExactly(new JobStats(1, 1, 0, 0));
  }

  @Test
  void catchingUpHoldsProgressBackUntilItEnds() {
    reducer.setCatchingUp(true);
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    reducer.onResultRecord(JOB_ID, succeeded(JOB_ID, 0, 1));
    reducer.checkTimers();
    int recordsWhileCatchingUp = output.progress.size();

    reducer.setCatchingUp(false);
    reducer.checkTimers();

    assertThat(recordsWhileCatchingUp).isZero();
    assertThat(output.progress).extracting(JobProgress::stats)
        .containsExactly(new JobStats(1, 1, 0, 0));
  }

  @Test
  void rejectedReusePublishesNoProgress() {
    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));
    byte[] reuse = MessageCodec.encode(JobRequest.of(JOB_ID, "sum", null,
        submittedAt.plusSeconds(1), deadline));

    reducer.onJobRecord(JOB_ID, reuse);

    assertThat(output.outcomes).extracting(JobOutcome::status)
        .containsExactly(JobStatus.FAILED);
    assertThat(output.progress).extracting(JobProgress::submittedAt)
        .containsOnly(submittedAt);
  }

  private byte[] isolatedRun(long sequence, int delivery, String workerId, RunState state) {
    return MessageCodec.encode(IsolatedRun.of(task(JOB_ID, sequence), delivery, workerId, state));
  }

  @Test
  void jobReusingIdOfUnreadableRecordIsRejected() {
    reducer.onJobRecord(JOB_ID, "not json{".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    reducer.onResultRecord(JOB_ID, listing(JOB_ID, 0, ListingStatus.FAILED));
    reducer.onCancel(cancel(JOB_ID, CancelReason.FAILED, "invalid JobRequest message"));
    clock.advance(SETTLE_TIMEOUT);
    reducer.checkTimers();

    reducer.onJobRecord(JOB_ID, jobMessage(JOB_ID));

    assertThat(output.outcomes).hasSize(2);
    assertThat(output.outcomes.get(0).submittedAt()).isNull();
    JobOutcome rejection = output.outcomes.get(1);
    assertThat(rejection.status()).isEqualTo(JobStatus.FAILED);
    assertThat(rejection.submittedAt()).isEqualTo(submittedAt);
    assertThat(rejection.error().step()).isEqualTo(Step.SUBMIT);
    assertThat(rejection.error().message()).contains("already used by an earlier record");
  }

  /** Passes the cancels the reducer sent back to it, as the process's cancel watcher does. */
  private void deliverCancelsSent() {
    List.copyOf(output.cancels).forEach(reducer::onCancel);
  }

  private byte[] jobMessage(String jobId) {
    return MessageCodec.encode(JobRequest.of(jobId, "sum", null, submittedAt, deadline));
  }

  private Task task(String jobId, long sequence) {
    JobRequest job = JobRequest.of(jobId, "sum", null, submittedAt, deadline);
    return Task.of(job, sequence, MessageCodec.mapper().createObjectNode().put("n", sequence));
  }

  private byte[] succeeded(String jobId, long sequence, int value) {
    return MessageCodec.encode(
        TaskResult.succeeded(task(jobId, sequence), valueOutput(value), WORKER_ID));
  }

  private TaskResult failedResult(String jobId, long sequence, String message) {
    Task task = task(jobId, sequence);
    return TaskResult.failed(task, new JobError(Step.TASK, message, task.taskId()), WORKER_ID);
  }

  private byte[] failed(String jobId, long sequence, String message) {
    return MessageCodec.encode(failedResult(jobId, sequence, message));
  }

  private byte[] skipped(String jobId, long sequence) {
    Task task = task(jobId, sequence);
    JobError reason = new JobError(Step.TASK,
        "dropped before running: the job was cancelled (cancelled by client alice)",
        task.taskId());
    return MessageCodec.encode(TaskResult.skipped(task, reason, WORKER_ID));
  }

  private static byte[] listing(String jobId, long listed, ListingStatus status) {
    return MessageCodec.encode(ListingFinished.of(jobId, "sum", listed, status));
  }

  private Cancel cancel(String jobId, CancelReason reason, String message) {
    Step step = switch (reason) {
      case FAILED -> Step.TASK;
      case CLIENT -> Step.CLIENT;
      case DEADLINE -> Step.DEADLINE;
      case COMPLETED -> Step.COMPLETE;
    };
    return Cancel.of(jobId, reason, JobError.of(step, message), "client-alice", clock.instant(),
        null);
  }

  private static JsonNode valueOutput(int value) {
    return MessageCodec.mapper().createObjectNode().put("value", value);
  }

  private static JsonNode sumResult(long sum, long count) {
    return MessageCodec.mapper().createObjectNode().put("sum", sum).put("count", count);
  }

  /** A job handler of type {@code sum} whose combiner adds the tasks' non-negative values. */
  private static final class SumHandler implements JobHandler {

    @Override
    public String type() {
      return "sum";
    }

    @Override
    public void validate(JsonNode params) {}

    @Override
    public void listTasks(JsonNode params, TaskSink sink) {
      throw new UnsupportedOperationException("the reducer does not list tasks");
    }

    @Override
    public JsonNode processTask(JsonNode input) {
      throw new UnsupportedOperationException("the reducer does not process tasks");
    }

    @Override
    public String describeTask(JsonNode input) {
      return "number " + input.get("n");
    }

    @Override
    public ResultCombiner newCombiner() {
      return new ResultCombiner() {
        private long sum;
        private long count;

        @Override
        public void add(JsonNode output) throws CombineException {
          long value = output.get("value").asLong();
          if (value < 0) {
            throw new CombineException("negative value " + value + " in output " + output);
          }
          sum += value;
          count++;
        }

        @Override
        public JsonNode result() {
          ObjectNode result = MessageCodec.mapper().createObjectNode();
          return result.put("sum", sum).put("count", count);
        }
      };
    }
  }

  /** Records what the reducer sends, in order. */
  private static final class RecordingOutput implements ReducerOutput {

    final List<JobOutcome> outcomes = new ArrayList<>();
    final List<JobProgress> progress = new ArrayList<>();
    final List<Cancel> cancels = new ArrayList<>();

    @Override
    public void publishOutcome(JobOutcome outcome, JobProgress finalProgress) {
      outcomes.add(outcome);
      if (finalProgress != null) {
        progress.add(finalProgress);
      }
    }

    @Override
    public void publishProgress(JobProgress update) {
      progress.add(update);
    }

    @Override
    public void cancel(Cancel cancel) {
      cancels.add(cancel);
    }
  }
}
