package io.workerpool.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.cancel.CancelRegistry;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.core.job.RetriableTaskException;
import io.workerpool.core.job.TaskFailedException;
import io.workerpool.core.job.TaskSink;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import io.workerpool.protocol.TaskStatus;
import io.workerpool.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class TaskRunnerTest {

  private static final String JOB_ID = "job-1";
  private static final String WORKER_ID = "worker-test";

  private final MutableClock clock = MutableClock.atFixedStart();
  private final Instant deadline = clock.instant().plus(Duration.ofMinutes(1));
  private final CancelRegistry cancels = new CancelRegistry(clock, Duration.ofHours(1));
  private final RunningTasks running = new RunningTasks();
  private final RecordingOutput output = new RecordingOutput();
  private final ScriptedHandler handler = new ScriptedHandler();
  private final ExecutorService taskThread = Executors.newSingleThreadExecutor();

  TaskRunnerTest() {
    // The same wiring as the worker process: a cancel interrupts the job's running tasks.
    cancels.addListener(cancel -> running.interrupt(cancel.jobId()));
  }

  @AfterEach
  void stopTaskThread() {
    taskThread.shutdownNow();
  }

  @Test
  void successfulTaskSendsSucceededResult() {
    handler.processing = input -> output(input.get("n").asInt() * 10);
    TaskRunner runner = runner(clock);

    AcknowledgeType ack = runner.run(JOB_ID, taskRecord(JOB_ID, 4, "count"));

    assertThat(ack).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(output.results).hasSize(1);
    TaskResult result = output.results.get(0);
    assertThat(result.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(result.taskId()).isEqualTo("job-1#4");
    assertThat(result.sequence()).isEqualTo(4);
    assertThat(result.output()).isEqualTo(output(40));
    assertThat(result.workerId()).isEqualTo(WORKER_ID);
    assertThat(output.cancels).isEmpty();
    assertThat(running.count()).isZero();
  }

  @Test
  void cancelledJobSkipsTaskWithoutRunning() {
    cancels.record(clientCancel(JOB_ID));
    TaskRunner runner = runner(clock);

    AcknowledgeType ack = runner.run(JOB_ID, taskRecord(JOB_ID, 0, "count"));

    assertThat(ack).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(handler.calls).hasValue(0);
    assertThat(output.results).hasSize(1);
    TaskResult result = output.results.get(0);
    assertThat(result.status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(result.error().message()).contains("cancelled");
    assertThat(result.error().message()).contains("cancelled by client alice");
    assertThat(result.error().taskId()).isEqualTo("job-1#0");
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void expiredTaskIsSkippedWithoutRunning() {
    byte[] record = taskRecord(JOB_ID, 0, "count");
    clock.advance(Duration.ofMinutes(1));
    TaskRunner runner = runner(clock);

    AcknowledgeType ack = runner.run(JOB_ID, record);

    assertThat(ack).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(handler.calls).hasValue(0);
    assertThat(output.results).hasSize(1);
    TaskResult result = output.results.get(0);
    assertThat(result.status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(result.error().message()).contains("deadline");
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void retriableFailureIsRetried() {
    handler.processing = input -> {
      if (handler.calls.get() < 3) {
        throw new RetriableTaskException("profile service returned 503");
      }
      return output(1);
    };
    TaskRunner runner = retryingRunner(3);

    AcknowledgeType ack = runner.run(JOB_ID, taskRecord(JOB_ID, 0, "count"));

    assertThat(ack).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(handler.calls).hasValue(3);
    assertThat(output.results).extracting(TaskResult::status)
        .containsExactly(TaskStatus.SUCCEEDED);
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void retriesStopAtAttemptLimit() {
    handler.processing = input -> {
      throw new RetriableTaskException("profile service returned 503");
    };
    TaskRunner runner = retryingRunner(3);

    runner.run(JOB_ID, taskRecord(JOB_ID, 0, "count"));

    assertThat(handler.calls).hasValue(3);
    assertThat(output.results).extracting(TaskResult::status)
        .containsExactly(TaskStatus.FAILED);
    assertThat(output.results.get(0).error().message()).contains("gave up after 3 attempts");
    assertThat(output.cancels).hasSize(1);
  }

  @Test
  void permanentFailureIsNotRetried() {
    handler.processing = input -> {
      throw new TaskFailedException("profile of user 7 not found");
    };
    TaskRunner runner = retryingRunner(3);

    runner.run(JOB_ID, taskRecord(JOB_ID, 0, "count"));

    assertThat(handler.calls).hasValue(1);
    assertThat(output.results).extracting(TaskResult::status)
        .containsExactly(TaskStatus.FAILED);
  }

  @Test
  void failedTaskSendsFailedResultAndCancel() {
    handler.processing = input -> {
      throw new TaskFailedException("profile service returned 503");
    };
    TaskRunner runner = runner(clock);

    AcknowledgeType ack = runner.run(JOB_ID, taskRecord(JOB_ID, 7, "count"));

    assertThat(ack).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(output.results).hasSize(1);
    TaskResult result = output.results.get(0);
    assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
    JobError error = result.error();
    assertThat(error.step()).isEqualTo(Step.TASK);
    assertThat(error.taskId()).isEqualTo("job-1#7");
    assertThat(error.message()).contains("job-1#7");
    assertThat(error.message()).contains("number 7");
    assertThat(error.message()).contains("profile service returned 503");
    assertThat(output.cancels).hasSize(1);
    Cancel cancel = output.cancels.get(0);
    assertThat(cancel.jobId()).isEqualTo(JOB_ID);
    assertThat(cancel.reason()).isEqualTo(CancelReason.FAILED);
    assertThat(cancel.error()).isEqualTo(error);
    assertThat(cancel.origin()).isEqualTo(WORKER_ID);
    assertThat(cancel.deadline()).isEqualTo(deadline);
  }

  @Test
  void failedTaskOfFirstJobCancelsNothing() {
    handler.processing = input -> {
      throw new TaskFailedException("profile service returned 503");
    };
    TaskRunner runner = runner(clock);

    AcknowledgeType ack = runner.run(JOB_ID, taskRecord(JOB_ID, 7, "count", Completion.FIRST));

    assertThat(ack).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(output.results).extracting(TaskResult::status)
        .containsExactly(TaskStatus.FAILED);
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void failedTaskOfTakeJobCancelsIt() {
    handler.processing = input -> {
      throw new TaskFailedException("profile service returned 503");
    };
    TaskRunner runner = runner(clock);

    runner.run(JOB_ID, taskRecord(JOB_ID, 2, "count", Completion.take(5)));

    assertThat(output.cancels).extracting(Cancel::reason).containsExactly(CancelReason.FAILED);
  }

  @Test
  void completedCancelDropsQueuedTask() {
    cancels.record(Cancel.of(JOB_ID, CancelReason.COMPLETED,
        new JobError(Step.COMPLETE, "job completed by task job-1#0; the remaining tasks are "
            + "not needed", "job-1#0"), "reducer-test", clock.instant(), deadline));
    TaskRunner runner = runner(clock);

    AcknowledgeType ack = runner.run(JOB_ID, taskRecord(JOB_ID, 3, "count", Completion.FIRST));

    assertThat(ack).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(handler.calls).hasValue(0);
    assertThat(output.results).extracting(TaskResult::status)
        .containsExactly(TaskStatus.SKIPPED);
    assertThat(output.results.get(0).error().message()).contains("job completed by task job-1#0");
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void handlerBugFailsTask() {
    handler.processing = input -> {
      throw new IllegalStateException("null profile");
    };
    TaskRunner runner = runner(clock);

    AcknowledgeType ack = runner.run(JOB_ID, taskRecord(JOB_ID, 0, "count"));

    assertThat(ack).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(output.results).extracting(TaskResult::status).containsExactly(TaskStatus.FAILED);
    assertThat(output.results.get(0).error().message())
        .contains("IllegalStateException: null profile");
    assertThat(output.cancels).hasSize(1);
  }

  @Test
  void unknownTypeFailsTask() {
    TaskRunner runner = runner(clock);

    AcknowledgeType ack = runner.run(JOB_ID, taskRecord(JOB_ID, 0, "mystery"));

    assertThat(ack).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(output.results).extracting(TaskResult::status).containsExactly(TaskStatus.FAILED);
    assertThat(output.results.get(0).error().message()).contains("'mystery'");
    assertThat(output.cancels).hasSize(1);
  }

  @Test
  void cancelWhileRunningAbortsTask() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    handler.processing = input -> {
      started.countDown();
      new CountDownLatch(1).await();
      return output(0);
    };
    TaskRunner runner = runner(clock);
    Future<AcknowledgeType> ack = taskThread.submit(
        () -> runner.run(JOB_ID, taskRecord(JOB_ID, 0, "count")));
    started.await();

    cancels.record(clientCancel(JOB_ID));

    assertThat(ack.get(5, TimeUnit.SECONDS)).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(output.results).hasSize(1);
    TaskResult result = output.results.get(0);
    assertThat(result.status()).isEqualTo(TaskStatus.SKIPPED);
    assertThat(result.error().message()).contains("aborted");
    assertThat(result.error().message()).contains("cancelled by client alice");
    assertThat(output.cancels).isEmpty();
    assertThat(running.count()).isZero();
  }

  @Test
  void interruptWithoutCancelReleasesTask() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    handler.processing = input -> {
      started.countDown();
      new CountDownLatch(1).await();
      return output(0);
    };
    TaskRunner runner = runner(clock);
    Future<AcknowledgeType> ack = taskThread.submit(
        () -> runner.run(JOB_ID, taskRecord(JOB_ID, 0, "count")));
    started.await();

    running.interruptAll();

    assertThat(ack.get(5, TimeUnit.SECONDS)).isEqualTo(AcknowledgeType.RELEASE);
    assertThat(output.results).isEmpty();
    assertThat(output.cancels).isEmpty();
  }

  @Test
  void taskThreadIsNotLeftInterrupted() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    handler.processing = input -> {
      started.countDown();
      new CountDownLatch(1).await();
      return output(0);
    };
    TaskRunner runner = runner(clock);
    Future<Boolean> interruptedAfterRun = taskThread.submit(() -> {
      runner.run(JOB_ID, taskRecord(JOB_ID, 0, "count"));
      return Thread.currentThread().isInterrupted();
    });
    started.await();

    cancels.record(clientCancel(JOB_ID));

    assertThat(interruptedAfterRun.get(5, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  void cancelJustBeforeStartStillSkipsTask() {
    // This clock records the cancel at the runner's first clock read, which falls between its
    // cancel check and the registration of the running task.
    Clock cancellingClock = new HookClock(clock, () -> cancels.record(clientCancel(JOB_ID)));
    handler.processing = input -> output(0);
    TaskRunner runner = runner(cancellingClock);

    runner.run(JOB_ID, taskRecord(JOB_ID, 0, "count"));

    assertThat(output.results).extracting(TaskResult::status)
        .containsExactly(TaskStatus.SKIPPED);
  }

  @Test
  void invalidRecordIsRejected() {
    TaskRunner runner = runner(clock);

    AcknowledgeType notJson = runner.run(JOB_ID, "{oops".getBytes(StandardCharsets.UTF_8));
    AcknowledgeType noFields =
        runner.run(JOB_ID, "{\"version\":1}".getBytes(StandardCharsets.UTF_8));
    AcknowledgeType empty = runner.run(null, new byte[0]);

    assertThat(notJson).isEqualTo(AcknowledgeType.REJECT);
    assertThat(noFields).isEqualTo(AcknowledgeType.REJECT);
    assertThat(empty).isEqualTo(AcknowledgeType.REJECT);
    assertThat(output.results).isEmpty();
    assertThat(output.cancels).isEmpty();
    assertThat(handler.calls).hasValue(0);
  }

  private TaskRunner retryingRunner(int attempts) {
    return new TaskRunner(JobHandlers.of(handler), cancels, running, output, clock, WORKER_ID,
        new RetryPolicy(attempts, Duration.ofMillis(1)));
  }

  private TaskRunner runner(Clock runnerClock) {
    return new TaskRunner(JobHandlers.of(handler), cancels, running, output, runnerClock,
        WORKER_ID);
  }

  private byte[] taskRecord(String jobId, long sequence, String type) {
    return taskRecord(jobId, sequence, type, Completion.ALL);
  }

  private byte[] taskRecord(String jobId, long sequence, String type, Completion completion) {
    JobRequest job = JobRequest.of(jobId, type, null, clock.instant(), deadline)
        .withCompletion(completion);
    Task task = Task.of(job, sequence, MessageCodec.mapper().createObjectNode()
        .put("n", sequence));
    return MessageCodec.encode(task);
  }

  private Cancel clientCancel(String jobId) {
    return Cancel.of(jobId, CancelReason.CLIENT,
        JobError.of(Step.CLIENT, "cancelled by client alice"), "client-alice", clock.instant(),
        null);
  }

  private static JsonNode output(int value) {
    return MessageCodec.mapper().createObjectNode().put("value", value);
  }

  /** The task processing of one test. */
  @FunctionalInterface
  interface Processing {
    JsonNode run(JsonNode input) throws TaskFailedException, InterruptedException;
  }

  /** A job handler of type {@code count} whose task processing each test scripts. */
  private static final class ScriptedHandler implements JobHandler {

    final AtomicInteger calls = new AtomicInteger();
    volatile Processing processing = input -> output(0);

    @Override
    public String type() {
      return "count";
    }

    @Override
    public void validate(JsonNode params) {}

    @Override
    public void listTasks(JsonNode params, TaskSink sink) {
      throw new UnsupportedOperationException("workers do not list tasks");
    }

    @Override
    public JsonNode processTask(JsonNode input) throws TaskFailedException, InterruptedException {
      calls.incrementAndGet();
      return processing.run(input);
    }

    @Override
    public String describeTask(JsonNode input) {
      return "number " + input.get("n").asText();
    }

    @Override
    public ResultCombiner newCombiner() {
      throw new UnsupportedOperationException("workers do not combine results");
    }
  }

  /** A clock that runs a hook at its first read, then reads the wrapped clock. */
  private static final class HookClock extends Clock {

    private final Clock clock;
    private Runnable hook;

    HookClock(Clock clock, Runnable hook) {
      this.clock = clock;
      this.hook = hook;
    }

    @Override
    public Instant instant() {
      if (hook != null) {
        Runnable once = hook;
        hook = null;
        once.run();
      }
      return clock.instant();
    }

    @Override
    public ZoneId getZone() {
      return clock.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** Records what the runner sends; task threads and the test thread both read it. */
}
