package io.workerpool.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class PendingSendsTest {

  private final PendingSends pending = new PendingSends();

  @Test
  void storedWhenAllSendsSucceed() throws InterruptedException {
    pending.add(CompletableFuture.completedFuture(null));
    pending.add(CompletableFuture.completedFuture(null));

    assertThat(pending.awaitStored()).isTrue();
  }

  @Test
  void notStoredWhenOneSendFails() throws InterruptedException {
    pending.add(CompletableFuture.completedFuture(null));
    pending.add(CompletableFuture.<RecordMetadata>failedFuture(
        new TimeoutException("expired before it was sent")));

    assertThat(pending.awaitStored()).isFalse();
  }

  @Test
  void forgetsAwaitedSends() throws InterruptedException {
    pending.add(CompletableFuture.<RecordMetadata>failedFuture(
        new TimeoutException("expired before it was sent")));
    pending.awaitStored();

    pending.add(CompletableFuture.completedFuture(null));

    assertThat(pending.awaitStored()).isTrue();
  }
}
