package io.workerpool.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.core.job.TaskSink;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobProgress;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.ListingFinished;
import io.workerpool.protocol.ListingFinished.ListingStatus;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import io.workerpool.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The reducer's FIRST and TAKE completion modes, on a handler whose result keeps order. */
class JobReducerCompletionTest {

  private static final String JOB_ID = "job-1";
  private static final String WORKER_ID = "worker-test";

  private final MutableClock clock = MutableClock.atFixedStart();
  private final Instant submittedAt = clock.instant();
  private final Instant deadline = clock.instant().plus(Duration.ofMinutes(1));
  private final List<JobOutcome> outcomes = new ArrayList<>();
  private final List<Cancel> cancels = new ArrayList<>();
  private final JobReducer reducer = newReducer();

  private JobReducer newReducer() {
    ReducerOutput output = new ReducerOutput() {
      @Override
      public void publishOutcome(JobOutcome outcome, JobProgress finalProgress) {
        outcomes.add(outcome);
      }

      @Override
      public void publishProgress(JobProgress progress) {}

      @Override
      public void cancel(Cancel cancel) {
        cancels.add(cancel);
      }
    };
    return new JobReducer(JobHandlers.of(new OrderedHandler()), output, clock,
        new ReducerSettings("g", Duration.ofSeconds(5), Duration.ofMinutes(10),
            Duration.ofHours(1)), "reducer-test", jobId -> Optional.empty());
  }

  @Test
  void firstSuccessCompletesFirstJobAtOnce() {
    reducer.onJobRecord(JOB_ID, jobMessage(Completion.FIRST));
    reducer.onResultRecord(JOB_ID, failed(0));
    reducer.onResultRecord(JOB_ID, succeeded(1, 10));
    reducer.onResultRecord(JOB_ID, succeeded(2, 20));

    assertThat(outcomes).hasSize(1);
    JobOutcome outcome = outcomes.get(0);
    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result()).isEqualTo(number(10));
    assertThat(outcome.stats()).isEqualTo(new JobStats(2, 1, 1, 0));
    assertThat(reducer.activeJobs()).isZero();
  }

  @Test
  void firstSuccessCancelsRemainingTasksWithCompleted() {
    reducer.onJobRecord(JOB_ID, jobMessage(Completion.FIRST));

    reducer.onResultRecord(JOB_ID, succeeded(3, 30));

    assertThat(cancels).hasSize(1);
    Cancel cancel = cancels.get(0);
    assertThat(cancel.reason()).isEqualTo(CancelReason.COMPLETED);
    assertThat(cancel.error().step()).isEqualTo(Step.COMPLETE);
    assertThat(cancel.error().message()).isEqualTo("job completed by task job-1#3; the "
        + "remaining tasks are not needed");
    assertThat(cancel.error().taskId()).isEqualTo("job-1#3");
    assertThat(cancel.deadline()).isEqualTo(deadline);
  }

  @Test
  void failuresAloneDoNotEndFirstJob() {
    reducer.onJobRecord(JOB_ID, jobMessage(Completion.FIRST));
    reducer.onResultRecord(JOB_ID, failed(0));
    reducer.onResultRecord(JOB_ID, failed(1));
    reducer.onResultRecord(JOB_ID, listing(3, ListingStatus.COMPLETE));

    reducer.checkTimers();

    assertThat(outcomes).isEmpty();
    assertThat(cancels).isEmpty();
    assertThat(reducer.activeJobs()).isEqualTo(1);
  }

  @Test
  void failedTasksThenSuccessStillCompletesFirstJob() {
    reducer.onJobRecord(JOB_ID, jobMessage(Completion.FIRST));
    reducer.onResultRecord(JOB_ID, failed(0));
    reducer.onResultRecord(JOB_ID, failed(1));
    reducer.onResultRecord(JOB_ID, listing(3, ListingStatus.COMPLETE));

    reducer.onResultRecord(JOB_ID, succeeded(2, 7));

    assertThat(outcomes).extracting(JobOutcome::status).containsExactly(JobStatus.SUCCEEDED);
    assertThat(outcomes.get(0).result()).isEqualTo(number(7));
    assertThat(outcomes.get(0).stats()).isEqualTo(new JobStats(3, 1, 2, 0));
    assertThat(cancels).isEmpty();
  }

  @Test
  void allTasksFailedFailsFirstJob() {
    reducer.onJobRecord(JOB_ID, jobMessage(Completion.FIRST));
    reducer.onResultRecord(JOB_ID, failed(1));
    reducer.onResultRecord(JOB_ID, failed(0));

    reducer.onResultRecord(JOB_ID, listing(2, ListingStatus.COMPLETE));

    assertThat(outcomes).hasSize(1);
    JobOutcome outcome = outcomes.get(0);
    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().step()).isEqualTo(Step.TASK);
    assertThat(outcome.error().message()).startsWith("all 2 tasks failed")
        .contains("task job-1#1 failed for the test");
    assertThat(outcome.error().taskId()).isEqualTo("job-1#1");
    assertThat(outcome.error().origin()).isEqualTo(WORKER_ID);
    assertThat(outcome.stats()).isEqualTo(new JobStats(2, 0, 2, 0));
    assertThat(cancels).isEmpty();
  }

  @Test
  void firstJobWithoutTasksFails() {
    reducer.onJobRecord(JOB_ID, jobMessage(Completion.FIRST));

    reducer.onResultRecord(JOB_ID, listing(0, ListingStatus.COMPLETE));

    assertThat(outcomes).extracting(JobOutcome::status).containsExactly(JobStatus.FAILED);
    assertThat(outcomes.get(0).error().step()).isEqualTo(Step.LIST);
    assertThat(outcomes.get(0).error().message()).contains("listed no tasks");
  }

  @Test
  void firstSuccessBeforeJobRecordWaitsForIt() {
    reducer.onResultRecord(JOB_ID, succeeded(4, 40));
    reducer.onResultRecord(JOB_ID, succeeded(1, 10));
    int outcomesBeforeJobRecord = outcomes.size();

    reducer.onJobRecord(JOB_ID, jobMessage(Completion.FIRST));

    assertThat(outcomesBeforeJobRecord).isZero();
    assertThat(outcomes).hasSize(1);
    assertThat(outcomes.get(0).result()).isEqualTo(number(40));
  }

  @Test
  void completedCancelChangesNoPublishedOutcome() {
    reducer.onJobRecord(JOB_ID, jobMessage(Completion.FIRST));
    reducer.onResultRecord(JOB_ID, succeeded(0, 5));

    List.copyOf(cancels).forEach(reducer::onCancel);
    reducer.onResultRecord(JOB_ID, skipped(1));
    reducer.onResultRecord(JOB_ID, listing(2, ListingStatus.STOPPED));
    reducer.checkTimers();

    assertThat(outcomes).extracting(JobOutcome::status).containsExactly(JobStatus.SUCCEEDED);
    assertThat(reducer.activeJobs()).isZero();
  }

  @Test
  void replayIgnoresCompletedCancel() {
    Cancel completed = Cancel.of(JOB_ID, CancelReason.COMPLETED,
        new JobError(Step.COMPLETE, "job completed by task job-1#1", "job-1#1"),
        "reducer-other", clock.instant(), deadline);
    JobReducer replaying = new JobReducer(JobHandlers.of(new OrderedHandler()),
        new ReducerOutput() {
          @Override
          public void publishOutcome(JobOutcome outcome, JobProgress finalProgress) {
            outcomes.add(outcome);
          }

          @Override
          public void publishProgress(JobProgress progress) {}

          @Override
          public void cancel(Cancel cancel) {
            cancels.add(cancel);
          }
        }, clock, new ReducerSettings("g", Duration.ofSeconds(5), Duration.ofMinutes(10),
            Duration.ofHours(1)), "reducer-test", jobId -> Optional.of(completed));

    replaying.onJobRecord(JOB_ID, jobMessage(Completion.FIRST));
    replaying.onResultRecord(JOB_ID, failed(0));
    replaying.onResultRecord(JOB_ID, succeeded(1, 11));

    assertThat(outcomes).extracting(JobOutcome::status).containsExactly(JobStatus.SUCCEEDED);
    assertThat(outcomes.get(0).result()).isEqualTo(number(11));
  }

  @Test
  void storedFirstOutcomeIsNotRepublished() {
    reducer.rememberOutcome(JOB_ID, submittedAt);

    reducer.onJobRecord(JOB_ID, jobMessage(Completion.FIRST));
    reducer.onResultRecord(JOB_ID, succeeded(0, 1));

    assertThat(outcomes).isEmpty();
    assertThat(cancels).isEmpty();
  }

  @Test
  void takeCompletesWithFirstResultsInListingOrder() {
    reducer.onJobRecord(JOB_ID, jobMessage(Completion.take(3)));
    reducer.onResultRecord(JOB_ID, succeeded(2, 30));
    reducer.onResultRecord(JOB_ID, succeeded(0, 10));
    int outcomesBeforeLast = outcomes.size();

    reducer.onResultRecord(JOB_ID, succeeded(1, 20));

    assertThat(outcomesBeforeLast).isZero();
    assertThat(outcomes).hasSize(1);
    JobOutcome outcome = outcomes.get(0);
    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result()).isEqualTo(numbers(10, 20, 30));
    assertThat(outcome.stats()).isEqualTo(new JobStats(3, 3, 0, 0));
    assertThat(cancels).extracting(Cancel::reason).containsExactly(CancelReason.COMPLETED);
    assertThat(cancels.get(0).error().message()).contains("first 3 tasks");
  }

  @Test
  void takeIgnoresResultsPastItsCount() {
    reducer.onJobRecord(JOB_ID, jobMessage(Completion.take(2)));
    reducer.onResultRecord(JOB_ID, succeeded(5, 50));
    reducer.onResultRecord(JOB_ID, succeeded(1, 20));
    reducer.onResultRecord(JOB_ID, succeeded(0, 10));

    reducer.onResultRecord(JOB_ID, succeeded(3, 40));

    assertThat(outcomes).hasSize(1);
    assertThat(outcomes.get(0).result()).isEqualTo(numbers(10, 20));
  }

  @Test
  void takeResultsBeforeJobRecordKeepOrder() {
    reducer.onResultRecord(JOB_ID, succeeded(1, 20));
    reducer.onResultRecord(JOB_ID, succeeded(7, 80));
    reducer.onResultRecord(JOB_ID, succeeded(0, 10));

    reducer.onJobRecord(JOB_ID, jobMessage(Completion.take(2)));

    assertThat(outcomes).hasSize(1);
    assertThat(outcomes.get(0).result()).isEqualTo(numbers(10, 20));
  }

  @Test
  void takeListedInFullSendsNoCancel() {
    reducer.onJobRecord(JOB_ID, jobMessage(Completion.take(2)));
    reducer.onResultRecord(JOB_ID, listing(2, ListingStatus.COMPLETE));
    reducer.onResultRecord(JOB_ID, succeeded(0, 10));

    reducer.onResultRecord(JOB_ID, succeeded(1, 20));

    assertThat(outcomes).extracting(JobOutcome::status).containsExactly(JobStatus.SUCCEEDED);
    assertThat(cancels).isEmpty();
  }

  @Test
  void takeFromShorterSourceSucceeds() {
    reducer.onJobRecord(JOB_ID, jobMessage(Completion.take(5)));
    reducer.onResultRecord(JOB_ID, succeeded(1, 20));
    reducer.onResultRecord(JOB_ID, succeeded(0, 10));

    reducer.onResultRecord(JOB_ID, listing(2, ListingStatus.COMPLETE));

    assertThat(outcomes).hasSize(1);
    assertThat(outcomes.get(0).result()).isEqualTo(numbers(10, 20));
  }

  @Test
  void allJobCombinesWithSequence() {
    reducer.onJobRecord(JOB_ID, jobMessage(Completion.ALL));
    reducer.onResultRecord(JOB_ID, succeeded(1, 20));
    reducer.onResultRecord(JOB_ID, succeeded(0, 10));

    reducer.onResultRecord(JOB_ID, listing(2, ListingStatus.COMPLETE));

    assertThat(outcomes.get(0).result()).isEqualTo(numbers(10, 20));
    assertThat(cancels).isEmpty();
  }

  private byte[] jobMessage(Completion completion) {
    return MessageCodec.encode(JobRequest.of(JOB_ID, OrderedHandler.TYPE, null, submittedAt,
        deadline).withCompletion(completion));
  }

  private Task task(long sequence) {
    JobRequest job = JobRequest.of(JOB_ID, OrderedHandler.TYPE, null, submittedAt, deadline);
    return Task.of(job, sequence, number(sequence));
  }

  private byte[] succeeded(long sequence, long value) {
    return MessageCodec.encode(TaskResult.succeeded(task(sequence), number(value), WORKER_ID));
  }

  private byte[] failed(long sequence) {
    Task task = task(sequence);
    JobError error = new JobError(Step.TASK, "task " + task.taskId() + " failed for the test",
        task.taskId());
    return MessageCodec.encode(TaskResult.failed(task, error, WORKER_ID));
  }

  private byte[] skipped(long sequence) {
    Task task = task(sequence);
    JobError reason = new JobError(Step.TASK, "dropped before running: the job was cancelled",
        task.taskId());
    return MessageCodec.encode(TaskResult.skipped(task, reason, WORKER_ID));
  }

  private static byte[] listing(long listed, ListingStatus status) {
    return MessageCodec.encode(ListingFinished.of(JOB_ID, OrderedHandler.TYPE, listed, status));
  }

  private static JsonNode number(long value) {
    return JsonNodeFactory.instance.numberNode(Math.toIntExact(value));
  }

  private static JsonNode numbers(int... values) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (int value : values) {
      array.add(value);
    }
    return array;
  }

  /** A handler of type {@code ordered} whose result lists the outputs in listing order. */
  private static final class OrderedHandler implements JobHandler {

    static final String TYPE = "ordered";

    @Override
    public String type() {
      return TYPE;
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
      return "number " + input;
    }

    @Override
    public ResultCombiner newCombiner() {
      return new ResultCombiner() {
        private final TreeMap<Long, JsonNode> bySequence = new TreeMap<>();

        @Override
        public void add(JsonNode output) {
          throw new AssertionError("the reducer must pass each output's sequence");
        }

        @Override
        public void add(long sequence, JsonNode output) {
          bySequence.put(sequence, output);
        }

        @Override
        public JsonNode result() {
          ArrayNode values = JsonNodeFactory.instance.arrayNode();
          bySequence.values().forEach(values::add);
          return values;
        }
      };
    }
  }
}
