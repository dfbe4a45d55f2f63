package io.workerpool.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.workerpool.core.cancel.CancelPublisher;
import io.workerpool.core.cancel.CancelRegistry;
import io.workerpool.core.kafka.DeadLetters;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import io.workerpool.protocol.TaskStatus;
import io.workerpool.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TaskParkingTest {

  private static final String JOB_ID = "job-1";
  private static final String WORKER_ID = "worker-test";

  private final MutableClock clock = MutableClock.atFixedStart();
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final RecordingOutput output = new RecordingOutput();
  private final PendingSends pending = new PendingSends();
  private final TaskParking parking = new TaskParking(3, output,
      new RejectedTasks(new DeadLetters(producer, "dead-letters", WORKER_ID),
          new CancelPublisher(producer, "cancels", new CancelRegistry(clock, Duration.ofHours(1))),
          clock, WORKER_ID),
      pending, clock, WORKER_ID);

  @Test
  void deliveriesUpToLimitRun() {
    for (short count = 1; count <= 3; count++) {
      assertThat(parking.isDue(record(taskValue(), Optional.of(count))))
          .as("delivery %d", count)
          .isFalse();
    }
  }

  @Test
  void deliveryAboveLimitIsParked() {
    assertThat(parking.isDue(record(taskValue(), Optional.of((short) 4)))).isTrue();
  }

  @Test
  void recordWithoutDeliveryCountRuns() {
    assertThat(parking.isDue(record(taskValue(), Optional.empty()))).isFalse();
  }

  @Test
  void parkedTaskFailsJobAndIsDeadLettered() throws Exception {
    AcknowledgeType ack = parking.park(record(taskValue(), Optional.of((short) 4)));

    assertThat(ack).isEqualTo(AcknowledgeType.REJECT);
    assertThat(output.results).hasSize(1);
    TaskResult result = output.results.get(0);
    assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(result.taskId()).isEqualTo("job-1#7");
    assertThat(result.error().message()).contains("delivered 4 times without a stored result");
    assertThat(result.error().message()).contains("crashed their workers");
    assertThat(result.error().message()).contains("WORKER_MAX_DELIVERIES=3");
    assertThat(result.error().message()).contains("parked in the dead-letters topic");

    assertThat(output.cancels).hasSize(1);
    Cancel cancel = output.cancels.get(0);
    assertThat(cancel.jobId()).isEqualTo(JOB_ID);
    assertThat(cancel.reason()).isEqualTo(CancelReason.FAILED);
    assertThat(cancel.error()).isEqualTo(result.error());

    List<ProducerRecord<String, byte[]>> sent = producer.history();
    assertThat(sent).hasSize(1);
    ProducerRecord<String, byte[]> deadLetter = sent.get(0);
    assertThat(deadLetter.topic()).isEqualTo("dead-letters");
    assertThat(deadLetter.key()).isEqualTo("job-1#7");
    assertThat(new String(deadLetter.headers().lastHeader(DeadLetters.REASON).value(),
        StandardCharsets.UTF_8)).isEqualTo(result.error().message());
    assertThat(pending.awaitStored()).isTrue();
  }

  @Test
  void unreadableParkedRecordIsRejectedAsUnreadable() {
    ConsumerRecord<String, byte[]> unreadable =
        record("not json".getBytes(StandardCharsets.UTF_8), Optional.of((short) 4));

    AcknowledgeType ack = parking.park(unreadable);

    assertThat(ack).isEqualTo(AcknowledgeType.REJECT);
    assertThat(output.results).isEmpty();
    assertThat(producer.history()).extracting(ProducerRecord::topic)
        .containsExactlyInAnyOrder("dead-letters", "cancels");
  }

  private byte[] taskValue() {
    JobRequest job = JobRequest.of(JOB_ID, "count", null, clock.instant(),
        clock.instant().plus(Duration.ofMinutes(1)));
    Task task = Task.of(job, 7, MessageCodec.mapper().createObjectNode().put("n", 7));
    return MessageCodec.encode(task);
  }

  private static ConsumerRecord<String, byte[]> record(byte[] value,
      Optional<Short> deliveryCount) {
    return new ConsumerRecord<>("tasks", 0, 42L, 0L, TimestampType.CREATE_TIME, -1, -1,
        "job-1#7", value, new RecordHeaders(), Optional.empty(), deliveryCount);
  }

  private static final class RecordingOutput implements ResultOutput {

    final List<TaskResult> results = new CopyOnWriteArrayList<>();
    final List<Cancel> cancels = new CopyOnWriteArrayList<>();

    @Override
    public void sendResult(TaskResult result) {
      results.add(result);
    }

    @Override
    public void cancel(Cancel cancel) {
      cancels.add(cancel);
    }
  }
}
