package io.workerpool.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.cancel.CancelRegistry;
import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.core.job.TaskSink;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.ListingFinished;
import io.workerpool.protocol.ListingFinished.ListingStatus;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Stage;
import io.workerpool.protocol.Task;
import io.workerpool.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class JobListerTest {

  private static final String JOB_ID = "job-1";
  private static final String ORIGIN = "producer-test";

  private final MutableClock clock = MutableClock.atFixedStart();
  private final Instant deadline = clock.instant().plus(Duration.ofMinutes(1));
  private final CancelRegistry cancels = new CancelRegistry(clock, Duration.ofHours(1));
  private final RecordingOutput output = new RecordingOutput();
  private final ScriptedHandler handler = new ScriptedHandler("count");
  private final JobLister lister = new JobLister(
      JobHandlers.of(handler, new ScriptedHandler("other")), cancels, output, clock, ORIGIN);

  @Test
  void listsOneTaskPerInput() throws Exception {
    handler.listing = sink -> offerNumbers(sink, 3);

    boolean done = lister.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true);

    assertThat(done).isTrue();
    assertThat(output.tasks).extracting(Task::taskId)
        .containsExactly("job-1#0", "job-1#1", "job-1#2");
    assertThat(output.tasks).extracting(Task::sequence).containsExactly(0L, 1L, 2L);
    assertThat(output.tasks).extracting(task -> task.input().get("n").asInt())
        .containsExactly(0, 1, 2);
    assertThat(output.tasks).allSatisfy(task -> {
      assertThat(task.jobId()).isEqualTo(JOB_ID);
      assertThat(task.type()).isEqualTo("count");
      assertThat(task.deadline()).isEqualTo(deadline);
    });
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 3, ListingStatus.COMPLETE));
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void listingAgainYieldsSameTaskIds() throws Exception {
    handler.listing = sink -> offerNumbers(sink, 4);
    lister.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true);
    List<String> firstIds = output.tasks.stream().map(Task::taskId).toList();
    output.tasks.clear();

    lister.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true);

    assertThat(output.tasks).extracting(Task::taskId).isEqualTo(firstIds);
  }

  @Test
  void cancelledJobStopsListing() throws Exception {
    List<Boolean> offers = new ArrayList<>();
    handler.listing = sink -> {
      for (int i = 0; i < 10; i++) {
        if (i == 2) {
          cancels.record(clientCancel(JOB_ID));
        }
        boolean accepted = sink.offer(number(i));
        offers.add(accepted);
        if (!accepted) {
          return;
        }
      }
    };

    boolean done = lister.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true);

    assertThat(done).isTrue();
    assertThat(offers).containsExactly(true, true, false);
    assertThat(output.tasks).hasSize(2);
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 2, ListingStatus.STOPPED));
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void jobCancelledBeforeListingListsNothing() throws Exception {
    cancels.record(clientCancel(JOB_ID));
    handler.listing = sink -> offerNumbers(sink, 3);

    lister.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true);

    assertThat(output.tasks).isEmpty();
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 0, ListingStatus.STOPPED));
  }

  @Test
  void deadlineStopsListing() throws Exception {
    handler.listing = sink -> {
      for (int i = 0; i < 10; i++) {
        if (i == 3) {
          clock.advance(Duration.ofMinutes(1));
        }
        if (!sink.offer(number(i))) {
          return;
        }
      }
    };

    boolean done = lister.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true);

    assertThat(done).isTrue();
    assertThat(output.tasks).hasSize(3);
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 3, ListingStatus.STOPPED));
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void unreadableJobWithValidKeyIsRejected() throws Exception {
    byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);

    boolean done = lister.list(JOB_ID, notJson, () -> true);

    assertThat(done).isTrue();
    assertThat(output.tasks).isEmpty();
    assertThat(output.cancels).hasSize(1);
    Cancel cancel = output.cancels.get(0);
    assertThat(cancel.jobId()).isEqualTo(JOB_ID);
    assertThat(cancel.reason()).isEqualTo(CancelReason.FAILED);
    assertThat(cancel.error().step()).isEqualTo(Step.SUBMIT);
    assertThat(cancel.error().message()).contains("not valid JSON");
    assertThat(cancel.origin()).isEqualTo(ORIGIN);
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, null, 0, ListingStatus.FAILED));
  }

  @Test
  void unreadableJobWithInvalidKeySendsNothing() throws Exception {
    byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);

    boolean done = lister.list("no spaces allowed", notJson, () -> true);

    assertThat(done).isTrue();
    assertThat(output.tasks).isEmpty();
    assertThat(output.reports).isEmpty();
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void unreadableJobWithoutKeySendsNothing() throws Exception {
    boolean done = lister.list(null, new byte[0], () -> true);

    assertThat(done).isTrue();
    assertThat(output.reports).isEmpty();
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void unknownJobTypeIsRejected() throws Exception {
    lister.list(JOB_ID, jobMessage(JOB_ID, "mystery"), () -> true);

    assertThat(output.tasks).isEmpty();
    assertThat(output.cancels).hasSize(1);
    JobError error = output.cancels.get(0).error();
    assertThat(error.step()).isEqualTo(Step.SUBMIT);
    assertThat(error.message()).contains("'mystery'");
    assertThat(error.message()).contains("count, other");
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "mystery", 0, ListingStatus.FAILED));
  }

  @Test
  void invalidParamsAreRejected() throws Exception {
    handler.invalidParams = "missing job parameter 'n': submit {\"n\": N}";
    handler.listing = sink -> offerNumbers(sink, 3);

    lister.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true);

    assertThat(handler.listCalls).isZero();
    assertThat(output.tasks).isEmpty();
    assertThat(output.cancels).hasSize(1);
    Cancel cancel = output.cancels.get(0);
    assertThat(cancel.error())
        .isEqualTo(JobError.of(Step.SUBMIT, "missing job parameter 'n': submit {\"n\": N}"));
    assertThat(cancel.deadline()).isEqualTo(deadline);
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 0, ListingStatus.FAILED));
  }

  @Test
  void invalidStageIsRejectedBeforeListing() throws Exception {
    handler.listing = sink -> offerNumbers(sink, 3);
    JobRequest job = JobRequest.of(JOB_ID, "count", MessageCodec.mapper().createObjectNode()
        .put("count", 3), clock.instant(), deadline)
        .withStages(List.of(Stage.of("other", null), Stage.of("mystery", null)));

    lister.list(JOB_ID, MessageCodec.encode(job), () -> true);

    assertThat(handler.listCalls).isZero();
    assertThat(output.tasks).isEmpty();
    assertThat(output.cancels).hasSize(1);
    JobError error = output.cancels.get(0).error();
    assertThat(error.step()).isEqualTo(Step.SUBMIT);
    assertThat(error.message()).startsWith("stage 2 (mystery): unknown job type 'mystery'");
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 0, ListingStatus.FAILED));
  }

  @Test
  void listingFailureCancelsWithStepList() throws Exception {
    handler.listing = sink -> {
      offerNumbers(sink, 2);
      throw new IOException("friend list service unavailable");
    };

    boolean done = lister.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true);

    assertThat(done).isTrue();
    assertThat(output.tasks).hasSize(2);
    assertThat(output.cancels).hasSize(1);
    Cancel cancel = output.cancels.get(0);
    assertThat(cancel.reason()).isEqualTo(CancelReason.FAILED);
    assertThat(cancel.error().step()).isEqualTo(Step.LIST);
    assertThat(cancel.error().message()).contains("after 2 tasks");
    assertThat(cancel.error().message()).contains("friend list service unavailable");
    assertThat(cancel.deadline()).isEqualTo(deadline);
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 2, ListingStatus.FAILED));
  }

  @Test
  void jobOverTaskLimitFailsWithStepList() throws Exception {
    JobLister limited = new JobLister(JobHandlers.of(handler), cancels, output, clock, ORIGIN,
        new ListingLimits(3, ListingLimits.DEFAULT_MAX_JOB_BYTES));
    handler.listing = sink -> offerNumbers(sink, 5);

    boolean done = limited.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true);

    assertThat(done).isTrue();
    assertThat(output.tasks).hasSize(3);
    assertThat(output.cancels).hasSize(1);
    Cancel cancel = output.cancels.get(0);
    assertThat(cancel.reason()).isEqualTo(CancelReason.FAILED);
    assertThat(cancel.error().step()).isEqualTo(Step.LIST);
    assertThat(cancel.error().message()).contains("more than 3 tasks");
    assertThat(cancel.error().message()).contains("PRODUCER_MAX_TASKS_PER_JOB");
    assertThat(cancel.origin()).isEqualTo(ORIGIN);
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 3, ListingStatus.FAILED));
  }

  @Test
  void takeJobListsOnlyItsCount() throws Exception {
    List<Boolean> offers = new ArrayList<>();
    handler.listing = sink -> {
      for (int i = 0; ; i++) {
        boolean accepted = sink.offer(number(i));
        offers.add(accepted);
        if (!accepted) {
          return;
        }
      }
    };

    lister.list(JOB_ID, jobMessage(JOB_ID, "count", Completion.take(4)), () -> true);

    assertThat(output.tasks).extracting(Task::sequence).containsExactly(0L, 1L, 2L, 3L);
    assertThat(output.tasks).allSatisfy(
        task -> assertThat(task.completion()).isEqualTo(Completion.take(4)));
    assertThat(offers).containsExactly(true, true, true, true, false);
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 4, ListingStatus.COMPLETE));
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void takeJobCompletedWhileListingIsStillComplete() throws Exception {
    handler.listing = sink -> {
      offerNumbers(sink, 2);
      cancels.record(Cancel.of(JOB_ID, CancelReason.COMPLETED,
          JobError.of(Step.COMPLETE, "job completed with the results of its first 2 tasks"),
          "reducer-test", clock.instant(), deadline));
      sink.offer(number(2));
    };

    lister.list(JOB_ID, jobMessage(JOB_ID, "count", Completion.take(2)), () -> true);

    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 2, ListingStatus.COMPLETE));
  }

  @Test
  void completedCancelStopsFirstJobListing() throws Exception {
    handler.listing = sink -> {
      offerNumbers(sink, 3);
      cancels.record(Cancel.of(JOB_ID, CancelReason.COMPLETED,
          JobError.of(Step.COMPLETE, "job completed by task job-1#1"), "reducer-test",
          clock.instant(), deadline));
      offerNumbers(sink, 3);
    };

    lister.list(JOB_ID, jobMessage(JOB_ID, "count", Completion.FIRST), () -> true);

    assertThat(output.tasks).hasSize(3);
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 3, ListingStatus.STOPPED));
  }

  @Test
  void firstJobStopsAtTaskLimit() throws Exception {
    JobLister limited = new JobLister(JobHandlers.of(handler), cancels, output, clock, ORIGIN,
        new ListingLimits(3, ListingLimits.DEFAULT_MAX_JOB_BYTES));
    handler.listing = sink -> {
      for (int i = 0; sink.offer(number(i)); i++) {
        // An endless source: only the sink ends it.
      }
    };

    limited.list(JOB_ID, jobMessage(JOB_ID, "count", Completion.FIRST), () -> true);

    assertThat(output.tasks).extracting(Task::sequence).containsExactly(0L, 1L, 2L);
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 3, ListingStatus.COMPLETE));
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void takeCountOverTaskLimitIsRejected() throws Exception {
    JobLister limited = new JobLister(JobHandlers.of(handler), cancels, output, clock, ORIGIN,
        new ListingLimits(3, ListingLimits.DEFAULT_MAX_JOB_BYTES));
    handler.listing = sink -> offerNumbers(sink, 5);

    limited.list(JOB_ID, jobMessage(JOB_ID, "count", Completion.take(4)), () -> true);

    assertThat(output.tasks).isEmpty();
    assertThat(output.cancels).hasSize(1);
    JobError error = output.cancels.get(0).error();
    assertThat(error.step()).isEqualTo(Step.SUBMIT);
    assertThat(error.message()).contains("count 4").contains("3 tasks")
        .contains("PRODUCER_MAX_TASKS_PER_JOB");
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 0, ListingStatus.FAILED));
  }

  @Test
  void jobWithInvalidCompletionIsRejectedNamingIt() throws Exception {
    String json = "{\"version\":1,\"jobId\":\"job-1\",\"type\":\"count\","
        + "\"submittedAt\":\"2026-12-04T10:00:00Z\",\"deadline\":\"2026-12-04T10:01:00Z\","
        + "\"completion\":{\"mode\":\"SOME\"}}";

    lister.list(JOB_ID, json.getBytes(StandardCharsets.UTF_8), () -> true);

    assertThat(output.tasks).isEmpty();
    assertThat(output.cancels).hasSize(1);
    JobError error = output.cancels.get(0).error();
    assertThat(error.step()).isEqualTo(Step.SUBMIT);
    assertThat(error.message()).contains("completion").contains("SOME");
  }

  @Test
  void jobAtTaskLimitSucceeds() throws Exception {
    JobLister limited = new JobLister(JobHandlers.of(handler), cancels, output, clock, ORIGIN,
        new ListingLimits(3, ListingLimits.DEFAULT_MAX_JOB_BYTES));
    handler.listing = sink -> offerNumbers(sink, 3);

    limited.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true);

    assertThat(output.cancels).isEmpty();
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 3, ListingStatus.COMPLETE));
  }

  @Test
  void oversizedJobMessageIsRejectedUnparsed() throws Exception {
    byte[] message = jobMessage(JOB_ID, "count");
    JobLister limited = new JobLister(JobHandlers.of(handler), cancels, output, clock, ORIGIN,
        new ListingLimits(ListingLimits.DEFAULT_MAX_TASKS, message.length - 1));
    handler.listing = sink -> offerNumbers(sink, 3);

    boolean done = limited.list(JOB_ID, message, () -> true);

    assertThat(done).isTrue();
    assertThat(handler.listCalls).isZero();
    assertThat(output.tasks).isEmpty();
    assertThat(output.cancels).hasSize(1);
    JobError error = output.cancels.get(0).error();
    assertThat(error.step()).isEqualTo(Step.SUBMIT);
    assertThat(error.message()).contains(message.length + " bytes");
    assertThat(error.message()).contains("limit of " + (message.length - 1) + " bytes");
    assertThat(error.message()).contains("PRODUCER_MAX_JOB_BYTES");
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, null, 0, ListingStatus.FAILED));
  }

  @Test
  void stoppingProducerAbandonsListing() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    handler.listing = sink -> {
      for (int i = 0; i < 10; i++) {
        if (i == 2) {
          running.set(false);
        }
        if (!sink.offer(number(i))) {
          return;
        }
      }
    };

    boolean done = lister.list(JOB_ID, jobMessage(JOB_ID, "count"), running::get);

    assertThat(done).isFalse();
    assertThat(output.tasks).hasSize(2);
    assertThat(output.reports).isEmpty();
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void interruptedListingSendsNoReport() {
    handler.listing = sink -> {
      offerNumbers(sink, 1);
      throw new InterruptedException();
    };

    assertThatThrownBy(() -> lister.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true))
        .isInstanceOf(InterruptedException.class);
    assertThat(output.reports).isEmpty();
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void keyDifferentFromJobIdIsRejected() throws Exception {
    handler.listing = sink -> offerNumbers(sink, 3);

    boolean done = lister.list("other-key", jobMessage(JOB_ID, "count"), () -> true);

    assertThat(done).isTrue();
    assertThat(handler.listCalls).isZero();
    assertThat(output.tasks).isEmpty();
    assertThat(output.cancels).hasSize(1);
    JobError error = output.cancels.get(0).error();
    assertThat(error.step()).isEqualTo(Step.SUBMIT);
    assertThat(error.message()).contains("'job-1'");
    assertThat(error.message()).contains("'other-key'");
    assertThat(output.cancels.get(0).jobId())
        .as("the client waits on the record key").isEqualTo("other-key");
    assertThat(output.reports)
        .containsExactly(ListingFinished.of("other-key", null, 0, ListingStatus.FAILED));
  }

  @Test
  void checkpointResumesListingAtItsTask() throws Exception {
    handler.listing = sink -> offerNumbers(sink, 5);
    ListingCheckpoint checkpoint = new ListingCheckpoint(JOB_ID, clock.instant(), 3);

    boolean done = lister.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true, checkpoint);

    assertThat(done).isTrue();
    assertThat(output.tasks).extracting(Task::taskId).containsExactly("job-1#3", "job-1#4");
    assertThat(output.tasks).extracting(task -> task.input().get("n").asInt())
        .containsExactly(3, 4);
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 5, ListingStatus.COMPLETE));
  }

  @Test
  void checkpointOfOtherSubmissionIsIgnored() throws Exception {
    handler.listing = sink -> offerNumbers(sink, 3);
    ListingCheckpoint earlier =
        new ListingCheckpoint(JOB_ID, clock.instant().minusSeconds(60), 2);

    lister.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true, earlier);

    assertThat(output.tasks).extracting(Task::taskId)
        .containsExactly("job-1#0", "job-1#1", "job-1#2");
  }

  @Test
  void resumedListingCountsSkippedTasksAgainstLimit() throws Exception {
    JobLister limited = new JobLister(JobHandlers.of(handler), cancels, output, clock, ORIGIN,
        new ListingLimits(4, ListingLimits.DEFAULT_MAX_JOB_BYTES));
    handler.listing = sink -> offerNumbers(sink, 6);
    ListingCheckpoint checkpoint = new ListingCheckpoint(JOB_ID, clock.instant(), 3);

    limited.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true, checkpoint);

    assertThat(output.tasks).extracting(Task::taskId).containsExactly("job-1#3");
    assertThat(output.cancels).hasSize(1);
    assertThat(output.cancels.get(0).error().message()).contains("more than 4 tasks");
    assertThat(output.reports)
        .containsExactly(ListingFinished.of(JOB_ID, "count", 4, ListingStatus.FAILED));
  }

  @Test
  void jobCancelledBeforeResumePointReportsStoredTasks() throws Exception {
    cancels.record(clientCancel(JOB_ID));
    handler.listing = sink -> offerNumbers(sink, 5);
    ListingCheckpoint checkpoint = new ListingCheckpoint(JOB_ID, clock.instant(), 3);

    lister.list(JOB_ID, jobMessage(JOB_ID, "count"), () -> true, checkpoint);

    assertThat(output.tasks).isEmpty();
    assertThat(output.reports)
        .as("the earlier producer's 3 tasks are on the tasks topic")
        .containsExactly(ListingFinished.of(JOB_ID, "count", 3, ListingStatus.STOPPED));
  }

  private byte[] jobMessage(String jobId, String type) {
    return jobMessage(jobId, type, Completion.ALL);
  }

  private byte[] jobMessage(String jobId, String type, Completion completion) {
    JobRequest job = JobRequest.of(jobId, type, MessageCodec.mapper().createObjectNode()
        .put("count", 3), clock.instant(), deadline).withCompletion(completion);
    return MessageCodec.encode(job);
  }

  private Cancel clientCancel(String jobId) {
    return Cancel.of(jobId, CancelReason.CLIENT,
        JobError.of(Step.CLIENT, "cancelled by client alice"), "client-alice", clock.instant(),
        null);
  }

  private static JsonNode number(int n) {
    return MessageCodec.mapper().createObjectNode().put("n", n);
  }

  private static void offerNumbers(TaskSink sink, int count) throws InterruptedException {
    for (int i = 0; i < count; i++) {
      if (!sink.offer(number(i))) {
        return;
      }
    }
  }

  /** The listing steps of one test. */
  @FunctionalInterface
  interface Listing {
    void run(TaskSink sink) throws Exception;
  }

  /** A job handler whose listing each test scripts; workers and reducers never call it. */
  private static final class ScriptedHandler implements JobHandler {

    private final String type;
    Listing listing = sink -> {};
    String invalidParams;
    int listCalls;

    ScriptedHandler(String type) {
      this.type = type;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public void validate(JsonNode params) throws InvalidJobException {
      if (invalidParams != null) {
        throw new InvalidJobException(invalidParams);
      }
    }

    @Override
    public void listTasks(JsonNode params, TaskSink sink) throws Exception {
      listCalls++;
      listing.run(sink);
    }

    @Override
    public JsonNode processTask(JsonNode input) {
      throw new UnsupportedOperationException("the producer does not process tasks");
    }

    @Override
    public String describeTask(JsonNode input) {
      return "number " + input.get("n");
    }

    @Override
    public ResultCombiner newCombiner() {
      throw new UnsupportedOperationException("the producer does not combine results");
    }
  }

  /** Records what the lister sends, in order. */
  private static final class RecordingOutput implements ListingOutput {

    final List<Task> tasks = new ArrayList<>();
    final List<ListingFinished> reports = new ArrayList<>();
    final List<Cancel> cancels = new ArrayList<>();

    @Override
    public void sendTask(Task task) {
      tasks.add(task);
    }

    @Override
    public void sendListingFinished(ListingFinished report) {
      reports.add(report);
    }

    @Override
    public void cancel(Cancel cancel) {
      cancels.add(cancel);
    }
  }
}
