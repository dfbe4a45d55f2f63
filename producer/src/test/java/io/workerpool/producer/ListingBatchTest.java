package io.workerpool.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ListingBatchTest {

  private static final TopicPartition JOBS_0 = new TopicPartition("jobs", 0);

  private final ListingBatch batch = new ListingBatch();

  @Test
  void storedOnceEverySendCompletes() {
    Callback first = batch.track();
    Callback second = batch.track();

    first.onCompletion(null, null);
    assertThat(batch.isStored()).isFalse();
    second.onCompletion(null, null);

    assertThat(batch.isStored()).isTrue();
  }

  @Test
  void failedSendBlocksTheCommit() {
    batch.track().onCompletion(null, new TimeoutException("expired in the accumulator"));

    assertThatThrownBy(batch::isStored)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expired in the accumulator");
  }

  @Test
  void unstoredDeadLetterHoldsTheBatch() {
    CompletableFuture<RecordMetadata> deadLetter = new CompletableFuture<>();
    batch.track(deadLetter);

    assertThat(batch.isStored()).isFalse();
    deadLetter.complete(null);

    assertThat(batch.isStored()).isTrue();
  }

  @Test
  void failedDeadLetterBlocksTheCommit() {
    batch.track(CompletableFuture.failedFuture(new TimeoutException("dead letter expired")));

    assertThatThrownBy(batch::isStored)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dead letter expired");
  }

  @Test
  void checkpointCommitsJobsOwnOffset() {
    ListingCheckpoint checkpoint =
        new ListingCheckpoint("job-1", Instant.parse("2026-12-04T10:00:00Z"), 500);
    batch.listed(JOBS_0, 41);
    batch.checkpoint(JOBS_0, 42, checkpoint);

    assertThat(batch.offsets())
        .containsEntry(JOBS_0, new OffsetAndMetadata(42, checkpoint.toMetadata()));
  }

  @Test
  void commitsTheOffsetAfterTheLastListedJob() {
    batch.listed(JOBS_0, 41);
    batch.listed(JOBS_0, 42);

    assertThat(batch.offsets()).containsEntry(JOBS_0, new OffsetAndMetadata(43));
  }
}
