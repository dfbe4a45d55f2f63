package io.workerpool.reducer;

import static org.assertj.core.api.Assertions.assertThat;

import io.workerpool.protocol.JobProgress;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.MessageCodec;
import java.time.Instant;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ProgressPublisherTest {

  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final ProgressPublisher publisher = new ProgressPublisher(producer, "wp.progress");

  private static JobProgress progress(String jobId, long completed) {
    return JobProgress.running(jobId, "friends", new JobStats(10, completed, 0, 0), true, NOW,
        NOW.plusSeconds(60), NOW);
  }

  @Test
  void recordIsKeyedByJobId() {
    JobProgress sent = progress("job-1", 3);

    publisher.publish(sent);

    ProducerRecord<String, byte[]> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo("wp.progress");
    assertThat(record.key()).isEqualTo("job-1");
    assertThat(MessageCodec.decode(record.value(), JobProgress.class)).isEqualTo(sent);
  }

  @Test
  void publishReturnsBeforeTheBrokerAnswers() {
    publisher.publish(progress("job-1", 3));

    assertThat(producer.history()).hasSize(1);
    assertThat(producer.completeNext()).isTrue();
  }

  @Test
  void failedSendIsRememberedForItsJobOnly() {
    publisher.publish(progress("job-1", 3));
    publisher.publish(progress("job-2", 3));

    producer.errorNext(new TimeoutException("no broker answered"));
    producer.completeNext();

    assertThat(publisher.failureLogged("job-1")).isTrue();
    assertThat(publisher.failureLogged("job-2")).isFalse();
  }

  @Test
  void failedSendLeavesLaterSendsWorking() {
    publisher.publish(progress("job-1", 3));
    producer.errorNext(new TimeoutException("no broker answered"));

    publisher.publish(progress("job-1", 4));

    assertThat(producer.completeNext()).isTrue();
    assertThat(producer.history()).extracting(ProducerRecord::key)
        .containsExactly("job-1", "job-1");
  }

  @Test
  void forgottenJobLogsItsNextFailureAgain() {
    publisher.publish(progress("job-1", 3));
    producer.errorNext(new TimeoutException("no broker answered"));

    publisher.forget("job-1");

    assertThat(publisher.failureLogged("job-1")).isFalse();
  }
}
