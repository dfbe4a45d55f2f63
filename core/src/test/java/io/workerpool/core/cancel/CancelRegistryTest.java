package io.workerpool.core.cancel;

import static org.assertj.core.api.Assertions.assertThat;

import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class CancelRegistryTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final CancelRegistry registry = new CancelRegistry(clock, Duration.ofHours(1));
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void firstCancelWins() {
    Cancel first = cancel("job-1", CancelReason.CLIENT, "cancelled by client alice");
    Cancel second = cancel("job-1", CancelReason.FAILED, "task job-1#3 failed");

    boolean firstRecorded = registry.record(first);
    boolean secondRecorded = registry.record(second);

    assertThat(firstRecorded).isTrue();
    assertThat(secondRecorded).isFalse();
    assertThat(registry.find("job-1")).contains(first);
    assertThat(registry.size()).isEqualTo(1);
  }

  @Test
  void listenersCalledOncePerJob() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    registry.addListener(cancel -> first.add(cancel.jobId()));
    registry.addListener(cancel -> second.add(cancel.jobId()));

    registry.record(cancel("job-1", CancelReason.CLIENT, "first"));
    registry.record(cancel("job-1", CancelReason.FAILED, "second"));
    registry.record(cancel("job-2", CancelReason.DEADLINE, "deadline passed"));

    assertThat(first).containsExactly("job-1", "job-2");
    assertThat(second).containsExactly("job-1", "job-2");
  }

  @Test
  void isCancelledOnlyForRecordedJobs() {
    registry.record(cancel("job-1", CancelReason.CLIENT, "cancelled by client alice"));

    assertThat(registry.isCancelled("job-1")).isTrue();
    assertThat(registry.isCancelled("job-2")).isFalse();
    assertThat(registry.find("job-2")).isEmpty();
  }

  @Test
  void throwingListenerDoesNotStopOthers() {
    List<String> called = new ArrayList<>();
    registry.addListener(cancel -> called.add("before"));
    registry.addListener(cancel -> {
      throw new IllegalStateException("listener bug");
    });
    registry.addListener(cancel -> called.add("after"));

    boolean recorded = registry.record(cancel("job-1", CancelReason.CLIENT, "cancelled"));

    assertThat(recorded).isTrue();
    assertThat(called).containsExactly("before", "after");
    assertThat(registry.isCancelled("job-1")).isTrue();
  }

  @Test
  void concurrentCancelsCallListenerOnce() throws Exception {
    List<Cancel> notified = new CopyOnWriteArrayList<>();
    registry.addListener(notified::add);
    CountDownLatch go = new CountDownLatch(1);
    Cancel fromWorker = cancel("job-1", CancelReason.FAILED, "task job-1#0 failed");
    Cancel fromClient = cancel("job-1", CancelReason.CLIENT, "cancelled by client alice");
    Future<Boolean> workerRecorded = threads.submit(() -> {
      go.await();
      return registry.record(fromWorker);
    });
    Future<Boolean> clientRecorded = threads.submit(() -> {
      go.await();
      return registry.record(fromClient);
    });

    go.countDown();
    boolean workerFirst = workerRecorded.get(5, TimeUnit.SECONDS);
    boolean clientFirst = clientRecorded.get(5, TimeUnit.SECONDS);

    assertThat(workerFirst).isNotEqualTo(clientFirst);
    assertThat(notified).hasSize(1);
    assertThat(registry.find("job-1")).contains(notified.get(0));
  }

  @Test
  void evictionForgetsCancelsPastRetention() {
    // The registry evicts expired cancels at every 1024th first cancel. This cancel's deadline
    // passed 2 h ago, beyond the 1 h retention.
    registry.record(new Cancel(1, "old-job", CancelReason.CLIENT,
        JobError.of(Step.CLIENT, "cancelled"), "client", NOW.minus(Duration.ofHours(3)),
        NOW.minus(Duration.ofHours(2))));
    for (int i = 1; i < 1024; i++) {
      registry.record(cancel("job-" + i, CancelReason.CLIENT, "cancelled"));
    }

    assertThat(registry.isCancelled("old-job")).isFalse();
    assertThat(registry.size()).isEqualTo(1023);
  }

  @Test
  void evictionKeepsCancelsWithinRetention() {
    registry.record(new Cancel(1, "recent-job", CancelReason.CLIENT,
        JobError.of(Step.CLIENT, "cancelled"), "client", NOW.minus(Duration.ofHours(3)),
        NOW.minus(Duration.ofMinutes(30))));
    for (int i = 1; i < 1024; i++) {
      registry.record(cancel("job-" + i, CancelReason.CLIENT, "cancelled"));
    }

    assertThat(registry.isCancelled("recent-job")).isTrue();
    assertThat(registry.size()).isEqualTo(1024);
  }

  @Test
  void evictionSurvivesFarFutureDeadline() {
    registry.record(new Cancel(1, "far-job", CancelReason.CLIENT,
        JobError.of(Step.CLIENT, "cancelled"), "client", NOW, Instant.MAX));
    for (int i = 1; i < 1024; i++) {
      registry.record(cancel("job-" + i, CancelReason.CLIENT, "cancelled"));
    }

    assertThat(registry.isCancelled("far-job")).isTrue();
    assertThat(registry.size()).isEqualTo(1024);
  }

  private Cancel cancel(String jobId, CancelReason reason, String message) {
    Step step = reason == CancelReason.CLIENT ? Step.CLIENT : Step.TASK;
    return Cancel.of(jobId, reason, JobError.of(step, message), "test", clock.instant(), null);
  }
}
