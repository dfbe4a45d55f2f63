package io.workerpool.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaListingOutputTest {

  private static final TopicPartition JOBS_2 = new TopicPartition("jobs", 2);
  private static final long JOB_OFFSET = 40;
  private static final Instant SUBMITTED_AT = Instant.parse("2026-12-04T10:00:00Z");

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final List<ListingBatch> checkpointed = new ArrayList<>();
  private final KafkaListingOutput output = new KafkaListingOutput(producer,
      Topics.withDefaultPrefix(), null, null, new SimpleMeterRegistry(),
      new CheckpointSchedule(2, Duration.ofHours(1), System::nanoTime),
      checkpointed::add);
  private final JobRequest job = JobRequest.of("job-1", "count",
      MessageCodec.mapper().createObjectNode(), SUBMITTED_AT, SUBMITTED_AT.plusSeconds(60));

  @Test
  void dueCheckpointEndsTheBatch() {
    output.setCurrentRecord(jobRecord());

    sendTasks(0, 3);

    assertThat(checkpointed).hasSize(1);
    ListingBatch batch = checkpointed.get(0);
    assertThat(batch.offsets()).containsExactly(java.util.Map.entry(JOBS_2,
        new OffsetAndMetadata(JOB_OFFSET, "listed=2;job=job-1;submittedAt=2026-12-04T10:00:00Z")));
    assertThat(output.currentBatch()).isNotSameAs(batch);
  }

  @Test
  void checkpointWaitsForItsTasksToBeStored() {
    output.setCurrentRecord(jobRecord());
    sendTasks(0, 2);
    ListingBatch batch = checkpointed.get(0);

    assertThat(batch.isStored()).isFalse();
    producer.completeNext();
    producer.completeNext();

    assertThat(batch.isStored()).isTrue();
  }

  @Test
  void resumedListingCountsFromResumePoint() {
    output.setCurrentRecord(jobRecord());

    sendTasks(500, 502);

    assertThat(checkpointed).hasSize(1);
    assertThat(checkpointed.get(0).offsets().get(JOBS_2).metadata()).startsWith("listed=502;");
  }

  @Test
  void abandonedJobCheckpointsLastSentTask() {
    output.setCurrentRecord(jobRecord());
    sendTasks(0, 1);

    output.checkpointAbandonedJob();

    assertThat(checkpointed).isEmpty();
    assertThat(output.currentBatch().offsets().get(JOBS_2))
        .isEqualTo(new OffsetAndMetadata(JOB_OFFSET,
            "listed=1;job=job-1;submittedAt=2026-12-04T10:00:00Z"));
  }

  @Test
  void abandonedJobWithoutSentTasksIsNotCheckpointed() {
    output.setCurrentRecord(jobRecord());
    sendTasks(0, 1);
    output.setCurrentRecord(jobRecord());

    output.checkpointAbandonedJob();

    assertThat(output.currentBatch().offsets()).isEmpty();
  }

  @Test
  void queuedJobTasksGoToQueueTopic() {
    output.setCurrentRecord(jobRecord());

    output.sendTask(Task.of(job.withQueue("interactive"), 0,
        MessageCodec.mapper().createObjectNode()));
    output.sendTask(Task.of(job, 1, MessageCodec.mapper().createObjectNode()));

    assertThat(producer.history()).extracting(record -> record.topic())
        .containsExactly("workerpool.tasks.interactive", "workerpool.tasks");
  }

  private void sendTasks(long from, long to) {
    for (long sequence = from; sequence < to; sequence++) {
      output.sendTask(Task.of(job, sequence,
          MessageCodec.mapper().createObjectNode().put("n", sequence)));
    }
  }

  private static ConsumerRecord<String, byte[]> jobRecord() {
    return new ConsumerRecord<>(JOBS_2.topic(), JOBS_2.partition(), JOB_OFFSET, "job-1",
        new byte[0]);
  }
}
