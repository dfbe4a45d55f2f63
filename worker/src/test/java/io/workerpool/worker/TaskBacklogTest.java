package io.workerpool.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class TaskBacklogTest {

  private final TaskBacklog backlog = new TaskBacklog(2);

  @Test
  void shortBacklogLetsLanePoll() throws InterruptedException {
    backlog.added(1);

    backlog.awaitRoom();

    assertThat(backlog.waiting()).isEqualTo(1);
  }

  @Test
  void longBacklogHoldsLaneBack() {
    backlog.added(3);
    CompletableFuture<Void> poll = CompletableFuture.runAsync(() -> {
      try {
        backlog.awaitRoom();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    backlog.started();
    assertThat(poll).isNotDone();
    backlog.started();

    await().atMost(Duration.ofSeconds(2)).until(poll::isDone);
    assertThat(backlog.waiting()).isEqualTo(1);
  }
}
