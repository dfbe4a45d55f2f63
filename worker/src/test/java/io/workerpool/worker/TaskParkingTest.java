package io.workerpool.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.workerpool.core.cancel.CancelPublisher;
import io.workerpool.core.cancel.CancelRegistry;
import io.workerpool.core.kafka.DeadLetters;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.IsolatedRun;
import io.workerpool.protocol.IsolatedRun.RunState;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskParkingTest {

  private static final String JOB_ID = "job-1";
  private static final String TASK_ID = "job-1#7";
  private static final String WORKER_ID = "worker-test";

  private final MutableClock clock = MutableClock.atFixedStart();
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final CancelRegistry cancels = new CancelRegistry(clock, Duration.ofHours(1));
  private final RecordingOutput output = new RecordingOutput();
  private final PendingSends pending = new PendingSends();
  private final ReentrantReadWriteLock isolation = new ReentrantReadWriteLock(true);
  private final TaskParking parking = new TaskParking(isolation, cancels, output,
      new RejectedTasks(new DeadLetters(producer, "dead-letters", WORKER_ID),
          new CancelPublisher(producer, "cancels", cancels), clock, WORKER_ID),
      pending, WORKER_ID);
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void firstTwoDeliveriesRunWithoutReport() throws Exception {
    parking.run(record(1), this::accept);
    AcknowledgeType ack = parking.run(record(2), this::accept);

    assertThat(ack).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(ran).containsExactly(TASK_ID, TASK_ID);
    assertThat(output.reports).isEmpty();
  }

  @Test
  void thirdDeliveryIsReportedBeforeItRuns() throws Exception {
    List<Integer> reportsWhenRun = new CopyOnWriteArrayList<>();

    parking.run(record(3), record -> {
      reportsWhenRun.add(output.reports.size());
      return AcknowledgeType.ACCEPT;
    });

    assertThat(reportsWhenRun).containsExactly(1);
    assertThat(output.reports).extracting(IsolatedRun::state).containsExactly(RunState.STARTED);
    assertThat(output.reports.get(0).delivery()).isEqualTo(3);
    assertThat(output.reports.get(0).taskId()).isEqualTo(TASK_ID);
    assertThat(output.reports.get(0).workerId()).isEqualTo(WORKER_ID);
  }

  @Test
  void thirdDeliveryWaitsToRunAlone() throws Exception {
    CountDownLatch firstMayEnd = new CountDownLatch(1);
    CountDownLatch firstStarted = new CountDownLatch(1);
    threads.submit(() -> parking.run(record(1), record -> {
      firstStarted.countDown();
      awaitQuietly(firstMayEnd);
      return accept(record);
    }));
    firstStarted.await();

    CompletableFuture<AcknowledgeType> redelivered = new CompletableFuture<>();
    threads.submit(() -> redelivered.complete(parking.run(record(3), this::accept)));
    await().atMost(Duration.ofSeconds(10)).until(isolation::hasQueuedThreads);
    List<String> ranBeforeFirstEnded = List.copyOf(ran);
    firstMayEnd.countDown();

    assertThat(redelivered.get()).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(ranBeforeFirstEnded).isEmpty();
    assertThat(ran).containsExactly(TASK_ID, TASK_ID);
  }

  @Test
  void releasedRedeliveryIsReported() throws Exception {
    AcknowledgeType ack = parking.run(record(3), record -> AcknowledgeType.RELEASE);

    assertThat(ack).isEqualTo(AcknowledgeType.RELEASE);
    assertThat(output.reports).extracting(IsolatedRun::state)
        .containsExactly(RunState.STARTED, RunState.RELEASED);
  }

  @Test
  void unstoredReportReleasesTaskUnrun() throws Exception {
    output.reportsFail = true;

    AcknowledgeType ack = parking.run(record(3), this::accept);

    assertThat(ack).isEqualTo(AcknowledgeType.RELEASE);
    assertThat(ran).isEmpty();
  }

  @Test
  void taskNamedByItsJobsCancelIsParked() throws Exception {
    String reason = "task job-1#7 stopped worker worker-a while it ran alone";
    cancels.record(Cancel.of(JOB_ID, CancelReason.FAILED,
        new JobError(Step.TASK, reason, TASK_ID), "reducer-test", clock.instant(), null));

    AcknowledgeType ack = parking.run(record(4), this::accept);

    assertThat(ack).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(output.reports).isEmpty();
    List<ProducerRecord<String, byte[]>> deadLetters = producer.history().stream()
        .filter(sent -> sent.topic().equals("dead-letters")).toList();
    assertThat(deadLetters).hasSize(1);
    assertThat(deadLetters.get(0).key()).isEqualTo(TASK_ID);
    assertThat(new String(deadLetters.get(0).headers().lastHeader(DeadLetters.REASON).value(),
        StandardCharsets.UTF_8)).isEqualTo(reason);
    assertThat(pending.awaitStored()).isTrue();
  }

  @Test
  void isolatedRunAbortedByVerdictIsParked() throws Exception {
    String reason = "task job-1#7 stopped worker worker-a while it ran alone";

    parking.run(record(3), record -> {
      cancels.record(Cancel.of(JOB_ID, CancelReason.FAILED,
          new JobError(Step.TASK, reason, TASK_ID), "reducer-test", clock.instant(), null));
      return AcknowledgeType.ACCEPT;
    });

    assertThat(producer.history()).extracting(ProducerRecord::topic)
        .containsExactly("dead-letters");
    assertThat(pending.awaitStored()).isTrue();
  }

  @Test
  void cancelNamingAnotherTaskParksNothing() throws Exception {
    cancels.record(Cancel.of(JOB_ID, CancelReason.FAILED,
        new JobError(Step.TASK, "task job-1#3 failed", "job-1#3"), "worker-b", clock.instant(),
        null));

    parking.run(record(3), this::accept);

    assertThat(producer.history()).extracting(ProducerRecord::topic)
        .doesNotContain("dead-letters");
    assertThat(output.reports).hasSize(1);
  }

  @Test
  void unreadableRedeliveryRunsWithoutReport() throws Exception {
    ConsumerRecord<String, byte[]> unreadable = new ConsumerRecord<>("tasks", 0, 42L, 0L,
        TimestampType.CREATE_TIME, -1, -1, TASK_ID, "not json".getBytes(StandardCharsets.UTF_8),
        new RecordHeaders(), Optional.empty(), Optional.of((short) 3));

    AcknowledgeType ack = parking.run(unreadable, record -> AcknowledgeType.REJECT);

    assertThat(ack).isEqualTo(AcknowledgeType.REJECT);
    assertThat(output.reports).isEmpty();
  }

  private AcknowledgeType accept(ConsumerRecord<String, byte[]> record) {
    ran.add(record.key());
    return AcknowledgeType.ACCEPT;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ConsumerRecord<String, byte[]> record(int delivery) {
    JobRequest job = JobRequest.of(JOB_ID, "count", null, clock.instant(),
        clock.instant().plus(Duration.ofMinutes(1)));
    Task task = Task.of(job, 7, MessageCodec.mapper().createObjectNode().put("n", 7));
    return new ConsumerRecord<>("tasks", 0, 42L, 0L, TimestampType.CREATE_TIME, -1, -1, TASK_ID,
        MessageCodec.encode(task), new RecordHeaders(), Optional.empty(),
        Optional.of((short) delivery));
  }
}
