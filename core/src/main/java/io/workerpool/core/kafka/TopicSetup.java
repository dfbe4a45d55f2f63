package io.workerpool.core.kafka;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Durations;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.protocol.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pool's topics when they are missing and checks the ones that exist. Every role
 * runs it at start, so the first process up creates the topics.
 */
public final class TopicSetup {

  /**
   * Partitions of the jobs, tasks, results, outcomes and progress topics when this class creates
   * them.
   */
  public static final int DEFAULT_PARTITIONS = 6;

  /** Partitions of the cancels topic, which every process reads whole. */
  public static final int CANCEL_PARTITIONS = 1;

  /** The share group config that sets how long the broker locks a record delivered to a consumer. */
  public static final String RECORD_LOCK_CONFIG = "share.record.lock.duration.ms";

  /**
   * Configs of the progress topic. Compaction keeps the latest record of each job id, so a
   * reader of one job's progress reads about one record per job of its partition instead of
   * every update. Deletion then removes jobs older than the retention, which compaction alone
   * would keep forever. Short segments let both apply within an hour, because Kafka compacts
   * and deletes only closed segments.
   */
  public static final Map<String, String> PROGRESS_CONFIGS = Map.of(
      "cleanup.policy", "compact,delete",
      "retention.ms", Long.toString(Duration.ofDays(3).toMillis()),
      "segment.ms", Long.toString(Duration.ofHours(1).toMillis()));

  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RETRY_INTERVAL = Duration.ofMillis(100);

  private final Admin admin;
  private final Topics topics;
  private final int partitions;
  private final Optional<Short> replicationFactor;

  /** Creates a setup whose topics get the brokers' {@code default.replication.factor}. */
  public TopicSetup(Admin admin, Topics topics, int partitions) {
    this(admin, topics, partitions, Optional.empty());
  }

  /**
   * Creates a setup whose new topics get {@code replicationFactor} replicas, or the brokers'
   * {@code default.replication.factor} when it is empty.
   */
  public TopicSetup(Admin admin, Topics topics, int partitions,
      Optional<Short> replicationFactor) {
    this.admin = admin;
    this.topics = topics;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
  }

  /** Creates a setup with the pool's topic names, partition count and replication factor. */
  public static TopicSetup of(Admin admin, PoolSettings pool) {
    return new TopicSetup(admin, pool.topics(), pool.partitions(), pool.replicationFactor());
  }

  /**
   * Creates missing topics, then checks that the jobs and results topics have the same partition
   * count: the reducer relies on a job's records landing on the same partition number of both.
   */
  public void ensureTopics() {
    List<NewTopic> required = new ArrayList<>();
    for (String name : List.of(topics.jobs(), topics.tasks(), topics.results(), topics.outcomes())) {
      required.add(new NewTopic(name, Optional.of(partitions), replicationFactor));
    }
    required.add(new NewTopic(topics.cancels(), Optional.of(CANCEL_PARTITIONS), replicationFactor));
    required.add(new NewTopic(topics.deadLetters(), Optional.of(1), replicationFactor));
    required.add(new NewTopic(topics.progress(), Optional.of(partitions), replicationFactor)
        .configs(PROGRESS_CONFIGS));
    List<String> notAllowed = new ArrayList<>();
    // Topics this principal may create, including those another process created a moment ago.
    List<String> creatable = new ArrayList<>();
    CreateTopicsResult created = admin.createTopics(required);
    created.values().forEach((name, future) -> {
      try {
        await(future);
        creatable.add(name);
        log.info("Created topic {} with replication factor {}", name,
            await(created.replicationFactor(name)));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicAuthorizationException) {
          notAllowed.add(name);
        } else if (e.getCause() instanceof InvalidReplicationFactorException) {
          throw new ConfigException("cannot create topic " + name + " with replication factor "
              + replicationFactor.map(String::valueOf).orElse("of the brokers' default")
              + ": " + e.getCause().getMessage().replaceAll("\\.+$", "") + ". Set "
              + PoolSettings.REPLICATION_FACTOR
              + " to at most the number of brokers");
        } else if (e.getCause() instanceof TopicExistsException) {
          creatable.add(name);
        } else {
          throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
        }
      }
    });
    requireExisting(notAllowed);
    awaitLeaders(admin, creatable);
    checkCoPartitioned();
  }

  /**
   * Creates the tasks topic of a chained job's stage queue, {@code topics.tasks(queue)}, when it
   * is missing, with the partitions and replication factor of the other topics. Workers of the
   * queue read it in their own share group, which {@link #configureShareGroup} sets up like the
   * shared one.
   */
  public void ensureQueueTopic(String queue) {
    String name = topics.tasks(Topics.requireValidQueue(queue));
    CreateTopicsResult created = admin.createTopics(
        List.of(new NewTopic(name, Optional.of(partitions), replicationFactor)));
    try {
      await(created.all());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicAuthorizationException) {
        requireExistingQueueTopic(name, queue);
      } else if (e.getCause() instanceof TopicExistsException) {
        // Another process may have created it a moment ago.
        awaitLeaders(admin, List.of(name));
      } else {
        throw new IllegalStateException("cannot create topic " + name + " for queue " + queue
            + ": " + e.getCause(), e);
      }
      return;
    }
    awaitLeaders(admin, List.of(name));
    // The replication factor is left out: reading it back needs DescribeConfigs on the topic,
    // which a least-privilege setup principal lacks.
    log.info("Created topic {} for queue {} with {} partitions", name, queue, partitions);
  }

  /**
   * Waits until every partition of the named topics has a leader that serves it. A topic is
   * ready for producers only then. An idempotent producer that sends to a partition before its
   * leader has set it up gets NOT_LEADER_OR_FOLLOWER for its first request. With several
   * requests in flight, a later one can then be appended first, and the first request fails
   * with OUT_OF_ORDER_SEQUENCE_NUMBER on every retry until its delivery timeout (KAFKA-15591,
   * seen with Kafka 4.4.0). A broker can describe a new partition with a leader before that
   * leader serves it, so this method requests each partition's end offset, which only a serving
   * leader returns.
   *
   * @throws IllegalStateException when a partition is not served within 30 s, or a request to
   *     the cluster gets no response within 30 s, so the wait may last up to about a minute
   */
  public static void awaitLeaders(Admin admin, Collection<String> names) {
    if (names.isEmpty()) {
      return;
    }
    long giveUp = System.nanoTime() + TIMEOUT.toNanos();
    String waitingFor = "the topics' metadata";
    while (System.nanoTime() < giveUp) {
      try {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (TopicDescription topic : await(admin.describeTopics(names).allTopicNames())
            .values()) {
          for (TopicPartitionInfo partition : topic.partitions()) {
            partitions.put(new TopicPartition(topic.name(), partition.partition()),
                OffsetSpec.latest());
          }
        }
        waitingFor = "a leader serving every partition";
        await(admin.listOffsets(partitions).all());
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException)) {
          throw new IllegalStateException("cannot read the partitions of topics " + names
              + ": " + e.getCause().getMessage(), e.getCause());
        }
      }
      pause();
    }
    throw new IllegalStateException("no " + waitingFor + " within " + Durations.format(TIMEOUT)
        + " after creating topics " + names + ": check that the brokers are running");
  }

  private void requireExistingQueueTopic(String name, String queue) {
    try {
      await(admin.describeTopics(List.of(name)).allTopicNames());
    } catch (ExecutionException e) {
      throw new IllegalStateException("topic " + name + " of queue " + queue + " is missing or "
          + "not visible, and this principal may not create it (" + e.getCause().getMessage()
          + "): run 'workerpool setup-topics --queue " + queue + "' as a principal allowed to "
          + "create it", e.getCause());
    }
  }

  /**
   * Checks that the topics this principal may not create exist already. With an authorizer,
   * Kafka rejects a create request for a topic without CREATE permission even when the topic
   * exists, so a least-privilege role relies on {@code setup-topics} having created them.
   */
  private void requireExisting(List<String> names) {
    if (names.isEmpty()) {
      return;
    }
    try {
      await(admin.describeTopics(names).allTopicNames());
      log.debug("Topics {} exist; this principal may not create topics", names);
    } catch (ExecutionException e) {
      throw new IllegalStateException("topics " + names + " are missing or not visible, and "
          + "this principal may not create them (" + e.getCause().getMessage() + "): run "
          + "'workerpool setup-topics' as a principal allowed to create them, or grant this "
          + "principal CREATE and DESCRIBE on them", e.getCause());
    }
  }

  /** Makes a share group start from the earliest offset, so tasks sent before it joined count. */
  public static void startShareGroupAtEarliest(Admin admin, String groupId) {
    ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
    AlterConfigOp op = new AlterConfigOp(
        new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET);
    try {
      await(admin.incrementalAlterConfigs(Map.of(group, List.of(op))).all());
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot set share.auto.offset.reset=earliest on share group " + groupId, e.getCause());
    }
  }

  /**
   * Makes a share group start from the earliest offset and sets its record lock, the time a
   * worker has to acknowledge a task before the broker hands it to another worker. Workers renew the lock
   * of a task that runs longer, so it must match their {@code WORKER_RECORD_LOCK}.
   *
   * @throws ConfigException when the broker rejects the lock, which by default must be 15 s to
   *     60 s ({@code group.share.min.record.lock.duration.ms} and
   *     {@code group.share.max.record.lock.duration.ms})
   */
  public static void configureShareGroup(Admin admin, String groupId, Duration recordLock) {
    ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
    List<AlterConfigOp> ops = List.of(
        new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
            AlterConfigOp.OpType.SET),
        new AlterConfigOp(new ConfigEntry(RECORD_LOCK_CONFIG,
            Long.toString(recordLock.toMillis())), AlterConfigOp.OpType.SET));
    try {
      await(admin.incrementalAlterConfigs(Map.of(group, ops)).all());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InvalidConfigurationException) {
        throw new ConfigException("invalid WORKER_RECORD_LOCK " + Durations.format(recordLock)
            + ": the broker rejected it as share group " + groupId + "'s "
            + RECORD_LOCK_CONFIG + " (" + e.getCause().getMessage() + "); choose a value in "
            + "that range");
      }
      throw new IllegalStateException("cannot set share.auto.offset.reset=earliest and "
          + RECORD_LOCK_CONFIG + "=" + recordLock.toMillis() + " on share group " + groupId,
          e.getCause());
    }
  }

  private void checkCoPartitioned() {
    Map<String, TopicDescription> described = describeJobsAndResults();
    int jobs = described.get(topics.jobs()).partitions().size();
    int results = described.get(topics.results()).partitions().size();
    int replicas = described.get(topics.jobs()).partitions().get(0).replicas().size();
    replicationFactor.filter(expected -> expected != replicas).ifPresent(expected ->
        log.warn("Topic {} has {} replicas, not the {} of {}; the existing count stays until "
            + "the partitions are reassigned", topics.jobs(), replicas, expected,
            PoolSettings.REPLICATION_FACTOR));
    if (jobs != partitions) {
      log.warn("Topic {} has {} partitions, not the {} of WORKERPOOL_PARTITIONS; the existing "
          + "count stays", topics.jobs(), jobs, partitions);
    }
    if (jobs != results) {
      throw new ConfigException("topic " + topics.jobs() + " has " + jobs + " partitions but "
          + topics.results() + " has " + results + ": give both the same partition count");
    }
  }

  /** Describes the two topics, waiting while a broker has not yet learnt of new topics. */
  private Map<String, TopicDescription> describeJobsAndResults() {
    long giveUp = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        return await(admin.describeTopics(List.of(topics.jobs(), topics.results()))
            .allTopicNames());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > giveUp) {
          throw new IllegalStateException("cannot describe topics " + topics.jobs() + " and "
              + topics.results() + ": " + e.getCause().getMessage(), e.getCause());
        }
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up topics", e);
    }
  }

  private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future)
      throws ExecutionException {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no response from the Kafka cluster within "
          + Durations.format(TIMEOUT)
          + " while setting up topics: check KAFKA_BOOTSTRAP_SERVERS", e);
    }
  }
}
