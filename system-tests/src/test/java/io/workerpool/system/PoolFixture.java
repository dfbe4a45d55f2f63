package io.workerpool.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.cli.RolePool;
import io.workerpool.core.client.JobClient;
import io.workerpool.core.client.PendingJob;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.friends.Profile;
import io.workerpool.friends.SocialGraph;
import io.workerpool.protocol.JobEvent;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.TaskResult;
import io.workerpool.testing.TestKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A pool of real role processes on the test broker, with its own topic prefix so test classes
 * never see each other's jobs, and a client to submit jobs to it.
 */
final class PoolFixture implements AutoCloseable {

  private final RolePool roles;
  private final JobClient client;
  private final KafkaConsumer<String, byte[]> results;
  private final Map<String, Integer> resultCounts = new HashMap<>();

  private PoolFixture(RolePool roles) {
    this.roles = roles;
    KafkaClients clients = new KafkaClients(roles.settings(), "system-test");
    this.client = new JobClient(clients, PoolSettings.from(roles.settings()).topics(),
        Clock.systemUTC(), "system-test");
    this.results = clients.newConsumer("results", null);
    List<TopicPartition> partitions = results.partitionsFor(
        PoolSettings.from(roles.settings()).topics().results()).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .toList();
    results.assign(partitions);
    results.seekToBeginning(partitions);
  }

  /**
   * Starts a producer, a reducer and {@code workers} workers with extra role settings, then runs
   * one job through them: a new share group delivers its first tasks only after a second or so,
   * and tests that measure how far a job got must not see that delay.
   */
  static PoolFixture start(String name, int workers, Map<String, String> settings)
      throws Exception {
    Map<String, String> environment = new HashMap<>(settings);
    environment.put(KafkaClients.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers());
    environment.put("WORKERPOOL_TOPIC_PREFIX",
        "it-" + name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    PoolFixture pool = new PoolFixture(RolePool.start(workers, environment, System.err));
    JobOutcome warmUp = pool.run(0, Duration.ofSeconds(60));
    if (warmUp.status() != io.workerpool.protocol.JobStatus.SUCCEEDED) {
      pool.close();
      throw new AssertionError("the warm-up job of pool " + name + " ended " + warmUp);
    }
    return pool;
  }

  PendingJob submit(int userId, Duration deadline) throws InterruptedException {
    return submitWithId(JobIds.newJobId(), userId, deadline);
  }

  PendingJob submitWithId(String jobId, int userId, Duration deadline)
      throws InterruptedException {
    return client.submit(jobId, "friends", userParams(userId), deadline);
  }

  /** Sends a job message's raw bytes, as a faulty client would. */
  PendingJob submitRaw(String jobId, String json) throws InterruptedException {
    return client.submitRaw(jobId, json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Duration.ofSeconds(30));
  }

  JobOutcome run(int userId, Duration deadline) throws Exception {
    try (PendingJob job = submit(userId, deadline)) {
      return job.awaitOutcome(deadline.plusSeconds(30));
    }
  }

  void cancel(String jobId) throws InterruptedException {
    client.cancel(jobId, "requested by the test");
  }

  /** Reads the outcomes topic from its start until the job's outcome appears. */
  JobOutcome awaitOutcome(String jobId, Duration timeout) {
    KafkaClients clients = new KafkaClients(roles.settings(), "system-test");
    try (KafkaConsumer<String, byte[]> outcomes = clients.newConsumer("outcomes", null)) {
      List<TopicPartition> partitions = outcomes.partitionsFor(
          PoolSettings.from(roles.settings()).topics().outcomes()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList();
      outcomes.assign(partitions);
      outcomes.seekToBeginning(partitions);
      long giveUp = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < giveUp) {
        for (ConsumerRecord<String, byte[]> record : outcomes.poll(Duration.ofMillis(200))) {
          if (jobId.equals(record.key())) {
            return MessageCodec.decode(record.value(), JobOutcome.class);
          }
        }
      }
    }
    throw new AssertionError("no outcome for job " + jobId + " within " + timeout);
  }

  /** Sends raw bytes to one of the pool's topics and waits until the broker stores them. */
  void sendRaw(String topic, String key, String value) throws Exception {
    KafkaClients clients = new KafkaClients(roles.settings(), "system-test");
    try (KafkaProducer<String, byte[]> producer = clients.newProducer("raw")) {
      producer.send(new ProducerRecord<>(topic, key,
          value.getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
    }
  }

  /** Reads the dead-letter topic from its start until a record with {@code key} appears. */
  ConsumerRecord<String, byte[]> awaitDeadLetter(String key, Duration timeout) {
    KafkaClients clients = new KafkaClients(roles.settings(), "system-test");
    try (KafkaConsumer<String, byte[]> consumer = clients.newConsumer("dead-letters", null)) {
      TopicPartition partition = new TopicPartition(topics().deadLetters(), 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long giveUp = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < giveUp) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (key.equals(record.key())) {
            return record;
          }
        }
      }
    }
    throw new AssertionError("no dead letter with key " + key + " within " + timeout);
  }

  io.workerpool.protocol.Topics topics() {
    return PoolSettings.from(roles.settings()).topics();
  }

  /** Returns the running role process named {@code name}, such as "producer" or "worker-1". */
  io.workerpool.cli.RoleProcess role(String name) {
    return roles.roles().stream().filter(role -> role.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the pool has no role named " + name));
  }

  /** Returns the settings the roles run with. */
  Map<String, String> environment() {
    return roles.settings().asMap();
  }

  /** Returns how many task results of the job are on the results topic so far. */
  synchronized int resultCount(String jobId) {
    for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(100))) {
      JobEvent event = MessageCodec.decode(record.value(), JobEvent.class);
      if (event instanceof TaskResult) {
        resultCounts.merge(event.jobId(), 1, Integer::sum);
      }
    }
    return resultCounts.getOrDefault(jobId, 0);
  }

  static ObjectNode userParams(int userId) {
    return JsonNodeFactory.instance.objectNode().put("userId", userId);
  }

  /** Computes the friends job's expected result straight from the dataset. */
  static JsonNode expectedFriendsMap(int userId) {
    SocialGraph graph = SocialGraph.github();
    ObjectNode expected = JsonNodeFactory.instance.objectNode();
    for (int friendId : graph.friendsOf(userId)) {
      Profile profile = graph.profile(friendId).orElseThrow();
      expected.set(profile.name(), MessageCodec.mapper().valueToTree(profile));
    }
    return expected;
  }

  @Override
  public void close() throws Exception {
    results.close();
    client.close();
    roles.close();
  }
}
