package io.workerpool.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LaneBatchTest {

  private static ConsumerRecord<String, byte[]> record(long offset) {
    return new ConsumerRecord<>("wp.tasks", 0, offset, "job-1#" + offset, new byte[0]);
  }

  @Test
  void taskEndingAfterRemoveFinishedIsStillRenewed() {
    LaneBatch batch = new LaneBatch();
    CompletableFuture<AcknowledgeType> slow = new CompletableFuture<>();
    batch.add(record(0), CompletableFuture.completedFuture(AcknowledgeType.ACCEPT));
    batch.add(record(1), slow);

    assertThat(batch.removeFinished()).extracting(entry -> entry.record().offset())
        .containsExactly(0L);
    slow.complete(AcknowledgeType.ACCEPT);

    assertThat(batch.unacknowledged()).extracting(entry -> entry.record().offset())
        .containsExactly(1L);
  }

  @Test
  void renewedEntryWaitsForItsNextInstance() {
    LaneBatch batch = new LaneBatch();
    batch.add(record(0), new CompletableFuture<>());
    batch.markRenewed(batch.unacknowledged().get(0));

    assertThat(batch.unacknowledged()).isEmpty();
    assertThat(batch.takeRenewed(record(0))).isTrue();
    assertThat(batch.unacknowledged()).hasSize(1);
  }
}
