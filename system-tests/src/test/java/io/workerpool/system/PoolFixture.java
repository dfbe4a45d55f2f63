package io.workerpool.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.cli.RolePool;
import io.workerpool.core.client.JobClient;
import io.workerpool.core.client.PendingJob;
import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.friends.Profile;
import io.workerpool.friends.SocialGraph;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.JobEvent;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.ListingFinished;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.TaskResult;
import io.workerpool.testing.TestKafka;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  /** Task results read from the results topic: job id, then task id, then how many. */
  private final Map<String, Map<String, Integer>> resultCounts = new HashMap<>();
  /** The producer's listing report of each job, read from the results topic. */
  private final Map<String, ListingFinished> listingReports = new HashMap<>();

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
   * and tests that measure how far a job got must not see that delay. The roles use the test
   * broker unless the settings name a cluster in {@code KAFKA_BOOTSTRAP_SERVERS}.
   */
  static PoolFixture start(String name, int workers, Map<String, String> settings)
      throws Exception {
    return start(name, workers, settings, System.err);
  }

  /** Starts a pool like {@link #start(String, int, Map)}, copying the roles' output to {@code log}. */
  static PoolFixture start(String name, int workers, Map<String, String> settings,
      PrintStream log) throws Exception {
    Map<String, String> environment = new HashMap<>(settings);
    environment.computeIfAbsent(KafkaClients.BOOTSTRAP_SERVERS,
        variable -> TestKafka.bootstrapServers());
    environment.put("WORKERPOOL_TOPIC_PREFIX",
        "it-" + name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    PoolFixture pool = new PoolFixture(RolePool.start(workers, environment, log));
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

  /** Submits a job of any type the pool's handlers serve. */
  PendingJob submitJob(String type, JsonNode params, Duration deadline)
      throws InterruptedException {
    return client.submit(JobIds.newJobId(), type, params, deadline);
  }

  /** Submits a chained job: the tasks of {@code type} run through {@code stages} in order. */
  PendingJob submitChain(String type, JsonNode params, List<io.workerpool.protocol.Stage> stages,
      Duration deadline) throws InterruptedException {
    return client.submit(JobIds.newJobId(), type, params, deadline, stages);
  }

  /** Submits a job of any type the pool's handlers serve, with a completion mode. */
  PendingJob submitJob(String type, JsonNode params, Duration deadline, Completion completion)
      throws InterruptedException {
    return client.submit(JobIds.newJobId(), type, params, deadline, completion);
  }

  /** Submits a job whose own tasks go to {@code queue}, for that queue's workers. */
  PendingJob submitQueued(String type, JsonNode params, String queue, Duration deadline)
      throws InterruptedException {
    return client.submit(JobIds.newJobId(), type, params, deadline, Completion.ALL, List.of(),
        queue);
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

  /**
   * Lowers the workers' share group session timeout from 45 s to 8 s. The group keeps a crashed
   * worker's partitions assigned to it until its session times out, so each crash would
   * otherwise hold that worker's tasks back for 45 s. The test broker allows 5 s at least.
   */
  void shortenShareSessions() throws Exception {
    Settings settings = Settings.of(environment());
    String group = PoolSettings.from(settings).defaultGroupId("workers");
    try (org.apache.kafka.clients.admin.Admin admin =
        new KafkaClients(settings, "system-test").newAdmin()) {
      admin.incrementalAlterConfigs(Map.of(
          new org.apache.kafka.common.config.ConfigResource(
              org.apache.kafka.common.config.ConfigResource.Type.GROUP, group),
          List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
              new org.apache.kafka.clients.admin.ConfigEntry("share.session.timeout.ms", "8000"),
              org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get();
    }
  }

  /** Returns the role processes, to kill, stop or add one while a job runs. */
  RolePool roles() {
    return roles;
  }

  /**
   * Reads the whole outcomes topic, up to its end as it is now, and returns every outcome
   * published for {@code jobId}, oldest first.
   */
  List<JobOutcome> outcomesOf(String jobId) {
    KafkaClients clients = new KafkaClients(roles.settings(), "system-test");
    List<JobOutcome> found = new java.util.ArrayList<>();
    try (KafkaConsumer<String, byte[]> outcomes = clients.newConsumer("outcomes", null)) {
      List<TopicPartition> partitions = outcomes.partitionsFor(topics().outcomes()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList();
      outcomes.assign(partitions);
      outcomes.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = outcomes.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> outcomes.position(p) < ends.get(p))) {
        for (ConsumerRecord<String, byte[]> record : outcomes.poll(Duration.ofMillis(200))) {
          if (jobId.equals(record.key())) {
            found.add(MessageCodec.decode(record.value(), JobOutcome.class));
          }
        }
      }
    }
    return found;
  }

  /**
   * Tells whether the reducers have committed every record of the jobs and results topics. A
   * reducer commits no offset past a job whose outcome is not stored, so once this is true every
   * outcome the reducers will publish for those records is on the outcomes topic.
   */
  boolean reducersCommittedEverything() throws Exception {
    KafkaClients clients = new KafkaClients(roles.settings(), "system-test");
    String group = roles.settings().string("REDUCER_GROUP_ID",
        PoolSettings.from(roles.settings()).defaultGroupId("reducer"));
    try (org.apache.kafka.clients.admin.Admin admin = clients.newAdmin();
        KafkaConsumer<String, byte[]> consumer = clients.newConsumer("offsets", null)) {
      Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      List<TopicPartition> partitions = new java.util.ArrayList<>();
      for (String topic : List.of(topics().jobs(), topics().results())) {
        consumer.partitionsFor(topic).forEach(
            info -> partitions.add(new TopicPartition(topic, info.partition())));
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      return partitions.stream().allMatch(partition -> committed.containsKey(partition)
          ? committed.get(partition).offset() >= ends.get(partition)
          : ends.get(partition) == 0);
    }
  }

  /** Returns a new job id whose records land on the same partitions as {@code jobId}'s. */
  String jobIdOnPartitionOf(String jobId) {
    int partitions = PoolSettings.from(roles.settings()).partitions();
    int target = partitionOf(jobId, partitions);
    while (true) {
      String candidate = JobIds.newJobId();
      if (partitionOf(candidate, partitions) == target) {
        return candidate;
      }
    }
  }

  private static int partitionOf(String key, int partitions) {
    byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return org.apache.kafka.common.utils.Utils.toPositive(
        org.apache.kafka.common.utils.Utils.murmur2(bytes)) % partitions;
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
    readResults();
    return resultCounts.getOrDefault(jobId, Map.of()).values().stream()
        .mapToInt(Integer::intValue).sum();
  }

  /** Returns, for each task of the job with a result on the results topic, how many it has. */
  synchronized Map<String, Integer> resultsPerTask(String jobId) {
    readResults();
    return Map.copyOf(resultCounts.getOrDefault(jobId, Map.of()));
  }

  /** Tells whether the producer's listing report of the job is on the results topic. */
  synchronized boolean listingFinished(String jobId) {
    readResults();
    return listingReports.containsKey(jobId);
  }

  /** Returns the producer's listing report of the job, when it is on the results topic. */
  synchronized Optional<ListingFinished> listingReport(String jobId) {
    readResults();
    return Optional.ofNullable(listingReports.get(jobId));
  }

  /** Reads the results topic up to its end as it is now. */
  private void readResults() {
    Map<TopicPartition, Long> ends = results.endOffsets(results.assignment());
    do {
      for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(100))) {
        JobEvent event = MessageCodec.decode(record.value(), JobEvent.class);
        if (event instanceof TaskResult result) {
          resultCounts.computeIfAbsent(result.jobId(), id -> new HashMap<>())
              .merge(result.taskId(), 1, Integer::sum);
        } else if (event instanceof ListingFinished listing) {
          listingReports.putIfAbsent(listing.jobId(), listing);
        }
      }
    } while (ends.entrySet().stream()
        .anyMatch(end -> results.position(end.getKey()) < end.getValue()));
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
