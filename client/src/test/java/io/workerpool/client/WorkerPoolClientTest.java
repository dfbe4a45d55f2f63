package io.workerpool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.client.KafkaUnavailableException;
import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.kafka.TopicSetup;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Topics;
import io.workerpool.testing.TestKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a real broker with the pool's topics but no roles: the test reads the jobs
 * and cancels the client sends and plays the reducer by writing outcomes itself.
 */
class WorkerPoolClientTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private Topics topics;
  private KafkaClients testClients;
  private KafkaConsumer<String, byte[]> reader;
  private final List<ConsumerRecord<String, byte[]>> jobsAndCancels = new ArrayList<>();
  private WorkerPoolClient client;

  @BeforeEach
  void createTopics() {
    String prefix = "client-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Settings settings = Settings.of(Map.of(
        KafkaClients.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers(),
        "WORKERPOOL_TOPIC_PREFIX", prefix,
        "WORKERPOOL_PARTITIONS", "2"));
    topics = new Topics(prefix);
    testClients = new KafkaClients(settings, "client-test");
    try (Admin admin = testClients.newAdmin()) {
      TopicSetup.of(admin, PoolSettings.from(settings)).ensureTopics();
    }
    reader = testClients.newConsumer("reader", null);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(topics.jobs(), topics.cancels())) {
      reader.partitionsFor(topic).forEach(
          info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    reader.assign(partitions);
    reader.seekToBeginning(partitions);
    client = WorkerPoolClient.builder(TestKafka.bootstrapServers())
        .topicPrefix(prefix)
        .origin("client-test-1")
        .outcomeGrace(Duration.ofSeconds(1))
        .build();
  }

  @AfterEach
  void close() {
    client.close();
    reader.close();
  }

  @Test
  void outcomeOfSubmissionCompletesFuture() throws Exception {
    JobFuture future = client.submit(friendsJob(Duration.ofSeconds(30)));
    JobRequest sent = awaitJob(future.jobId());

    publishOutcome(sent.jobId(), sent.submittedAt());

    JobOutcome outcome = future.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(JobOutcomes.resultOrThrow(outcome).get("airtoxin").asInt()).isEqualTo(23977);
  }

  @Test
  void outcomeOfEarlierSubmissionIsIgnored() throws Exception {
    JobFuture future = client.submit(friendsJob(Duration.ofSeconds(30)));
    JobRequest sent = awaitJob(future.jobId());

    publishOutcome(sent.jobId(), sent.submittedAt().minusSeconds(60));
    publishOutcome(sent.jobId(), sent.submittedAt());

    JobOutcome outcome = future.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(outcome.submittedAt()).isEqualTo(sent.submittedAt());
  }

  @Test
  void requestCarriesCompletionAndStages() throws Exception {
    JobSpec spec = JobSpec.builder("numbers")
        .completion(io.workerpool.protocol.Completion.FIRST)
        .stages(List.of(io.workerpool.protocol.Stage.of("multiply", null)))
        .build();

    client.submit(spec);

    JobRequest sent = awaitJob(spec.jobId());
    assertThat(sent.completion()).isEqualTo(io.workerpool.protocol.Completion.FIRST);
    assertThat(sent.stages()).extracting(io.workerpool.protocol.Stage::type)
        .containsExactly("multiply");
  }

  @Test
  void cancelledFutureSendsClientCancel() throws Exception {
    JobFuture future = client.submit(friendsJob(Duration.ofSeconds(30)));
    assertThat(future.submitted()).succeedsWithin(WAIT);
    JobRequest sent = awaitJob(future.jobId());

    assertThat(future.cancel("wrong user")).isTrue();

    Cancel cancel = awaitCancel(future.jobId());
    assertThat(cancel.reason()).isEqualTo(CancelReason.CLIENT);
    assertThat(cancel.origin()).isEqualTo("client-test-1");
    assertThat(cancel.error().step()).isEqualTo(JobError.Step.CLIENT);
    assertThat(cancel.error().message())
        .isEqualTo("cancelled by client client-test-1: wrong user");
    assertThat(cancel.deadline()).isEqualTo(sent.deadline());
    assertThat(future.cancelSent()).succeedsWithin(WAIT);
    assertThat(future).isCancelled();
  }

  @Test
  void cancelledFutureIgnoresLaterOutcome() throws Exception {
    JobFuture future = client.submit(friendsJob(Duration.ofSeconds(30)));
    JobRequest sent = awaitJob(future.jobId());
    future.cancel(true);
    awaitCancel(future.jobId());

    publishOutcome(sent.jobId(), sent.submittedAt());
    JobFuture next = client.submit(friendsJob(Duration.ofSeconds(30)));
    JobRequest nextSent = awaitJob(next.jobId());
    publishOutcome(nextSent.jobId(), nextSent.submittedAt());

    assertThat(next).succeedsWithin(WAIT);
    assertThat(future).isCancelled();
  }

  @Test
  void missingOutcomeFailsAfterDeadlineAndGrace() {
    JobFuture future = client.submit(friendsJob(Duration.ofSeconds(1)));

    assertThat(future).failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(TimeoutException.class)
        .withMessageContaining("no outcome for job " + future.jobId() + " within 2s")
        .withMessageContaining("check that a producer, workers and a reducer are running");
  }

  @Test
  void invalidDeadlineFailsFuture() {
    JobFuture future = client.submit(friendsJob(Duration.ofDays(8)));

    assertThat(future.submitted()).isCompletedExceptionally();

    assertThat(future).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(IllegalArgumentException.class)
        .withMessage("invalid deadline 691200s: expected more than 0 and at most 604800s");
  }

  @Test
  void closeFailsPendingFuture() throws Exception {
    JobFuture future = client.submit(friendsJob(Duration.ofSeconds(30)));
    awaitJob(future.jobId());

    client.close();

    assertThat(future).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(IllegalStateException.class)
        .withMessageContaining("closed before the job's outcome arrived")
        .withMessageContaining("keeps running in the pool");
    assertThat(client.submit(friendsJob(Duration.ofSeconds(30)))).failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .withMessageContaining("is closed");
  }

  @Test
  void unreachableClusterFailsFutureNamingAddress() throws IOException {
    String address = "127.0.0.1:" + closedPort();
    try (WorkerPoolClient unreachable = WorkerPoolClient.builder(address)
        .kafkaTimeout(Duration.ofSeconds(2))
        .build()) {

      JobFuture future = unreachable.submit(friendsJob(Duration.ofSeconds(30)));

      assertThat(future).failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(KafkaUnavailableException.class)
          .withMessageContaining("cannot read topic workerpool.outcomes at " + address)
          .withMessageContaining("check that the Kafka brokers at " + address + " are running");
    }
  }

  @Test
  void missingTopicFailsFutureNamingPrefix() {
    try (WorkerPoolClient wrongPrefix = WorkerPoolClient.builder(TestKafka.bootstrapServers())
        .topicPrefix("no-such-pool.")
        .build()) {

      JobFuture future = wrongPrefix.submit(friendsJob(Duration.ofSeconds(30)));

      assertThat(future).failsWithin(WAIT)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(KafkaUnavailableException.class)
          .withMessageContaining("topic no-such-pool.outcomes does not exist");
    }
  }

  @Test
  void cancelledFutureThrowsCancellation() {
    JobFuture future = client.submit(friendsJob(Duration.ofSeconds(30)));
    future.cancel(true);

    assertThat(future).isCancelled();
    assertThatThrownByJoin(future);
  }

  private static void assertThatThrownByJoin(JobFuture future) {
    org.assertj.core.api.Assertions.assertThatThrownBy(future::join)
        .isInstanceOf(CancellationException.class);
  }

  private static JobSpec friendsJob(Duration deadline) {
    return JobSpec.builder("friends")
        .params(JsonNodeFactory.instance.objectNode().put("userId", 0))
        .deadline(deadline)
        .build();
  }

  private JobRequest awaitJob(String jobId) {
    return MessageCodec.decode(awaitRecord(topics.jobs(), jobId).value(), JobRequest.class);
  }

  private Cancel awaitCancel(String jobId) {
    return MessageCodec.decode(awaitRecord(topics.cancels(), jobId).value(), Cancel.class);
  }

  private ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) {
    return await().atMost(WAIT).until(() -> {
      reader.poll(Duration.ofMillis(100)).forEach(jobsAndCancels::add);
      return jobsAndCancels.stream()
          .filter(record -> record.topic().equals(topic) && record.key().equals(key))
          .findFirst();
    }, Optional::isPresent).get();
  }

  private void publishOutcome(String jobId, Instant submittedAt) throws Exception {
    JobOutcome outcome = new JobOutcome(MessageCodec.VERSION, jobId, "friends",
        JobStatus.SUCCEEDED, JsonNodeFactory.instance.objectNode().put("airtoxin", 23977), null,
        new JobStats(1, 1, 0, 0), submittedAt, Instant.now());
    try (KafkaProducer<String, byte[]> producer = testClients.newProducer("reducer")) {
      producer.send(new ProducerRecord<>(topics.outcomes(), jobId, MessageCodec.encode(outcome)))
          .get();
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
