package io.workerpool.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobFutureTest {

  @Test
  void cancelNotifiesTheClientOnce() {
    AtomicInteger notified = new AtomicInteger();
    JobFuture future = new JobFuture("job-1", notified::incrementAndGet);

    future.cancel(false);
    future.cancel(true);

    assertThat(future.isCancelled()).isTrue();
    assertThat(notified).hasValue(1);
  }

  @Test
  void cancelWithReasonKeepsTheReason() {
    JobFuture future = new JobFuture("job-1", () -> { });

    future.cancel("wrong user");

    assertThat(future.isCancelled()).isTrue();
    assertThat(future.cancelReason()).isEqualTo("wrong user");
  }

  @Test
  void completedFutureIgnoresCancel() {
    AtomicInteger notified = new AtomicInteger();
    JobFuture future = new JobFuture("job-1", notified::incrementAndGet);
    future.completeExceptionally(new IllegalStateException("closed"));

    assertThat(future.cancel(true)).isFalse();
    assertThat(notified).hasValue(0);
  }

  @Test
  void dependentStagesArePlainFutures() {
    JobFuture future = new JobFuture("job-1", () -> { });

    CompletableFuture<String> status = future.thenApply(outcome -> outcome.status().name());

    assertThat(status).isNotInstanceOf(JobFuture.class);
  }
}
