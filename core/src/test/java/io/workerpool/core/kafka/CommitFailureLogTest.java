package io.workerpool.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.junit.jupiter.api.Test;

class CommitFailureLogTest {

  private final CommitFailureLog callback = new CommitFailureLog("pool.reducer");

  @Test
  void failuresAreCountedUntilCommitSucceeds() {
    callback.onComplete(Map.of(), new RetriableCommitFailedException("coordinator moved"));
    callback.onComplete(Map.of(), new RetriableCommitFailedException("coordinator moved"));

    assertThat(callback.failures()).isEqualTo(2);
  }

  @Test
  void successfulCommitResetsCount() {
    callback.onComplete(Map.of(), new RetriableCommitFailedException("coordinator moved"));

    callback.onComplete(Map.of(), null);

    assertThat(callback.failures()).isZero();
  }
}
