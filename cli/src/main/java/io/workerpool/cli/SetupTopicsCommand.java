package io.workerpool.cli;

import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.kafka.TopicSetup;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.core.runtime.ProcessIdentity;
import io.workerpool.protocol.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Prepares a Kafka cluster for a pool before the roles start. It creates the missing topics and
 * makes the workers' share group start at the earliest offset, and running it again changes
 * nothing.
 */
@Command(name = "setup-topics", mixinStandardHelpOptions = true,
    description = "Create the pool's topics when they are missing and make the workers' share "
        + "group start at the earliest offset, then exit. Reads KAFKA_BOOTSTRAP_SERVERS, "
        + "WORKERPOOL_TOPIC_PREFIX, WORKERPOOL_PARTITIONS (partitions of the topics it creates) "
        + "and WORKER_GROUP_ID. Prints what it found and did on stderr.")
final class SetupTopicsCommand implements Callable<Integer> {

  /** How long each request to the cluster may take before the command fails. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration RETRY_INTERVAL = Duration.ofMillis(200);

  @Spec
  CommandSpec spec;

  @Mixin
  ClusterOption cluster;

  @Option(names = "--queue", paramLabel = "QUEUE",
      description = "Also create the tasks topic of this stage queue and set up its workers' "
          + "share group (WORKER_GROUP_ID's default for WORKER_QUEUE=QUEUE); repeat for each "
          + "queue.")
  List<String> queues = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    // The clients keep Kafka's default timeouts, because this command bounds each request with
    // TIMEOUT itself.
    Settings settings = PoolConnection.settingsWithKafkaTimeouts(cluster);
    PoolSettings pool = PoolSettings.from(settings);
    // The same default as the worker's, so both name one share group.
    String workerGroup = settings.string("WORKER_GROUP_ID", pool.defaultGroupId("workers"));
    KafkaClients clients = new KafkaClients(settings, ProcessIdentity.of("setup-topics"));
    System.err.println("Setting up topics with prefix '" + pool.topics().prefix() + "' on "
        + clients.bootstrapServers());

    for (String queue : queues) {
      requireValidQueue(queue);
    }
    Admin admin = clients.newAdmin();
    try {
      Set<String> before = await(admin.listTopics().names(), "list the topics");
      TopicSetup setup = TopicSetup.of(admin, pool);
      setup.ensureTopics();
      queues.forEach(setup::ensureQueueTopic);
      List<String> names = new ArrayList<>(topicNames(pool.topics()));
      queues.forEach(queue -> names.add(pool.topics().tasks(queue)));
      printTopics(names, describe(admin, names), before, System.err);

      TopicSetup.startShareGroupAtEarliest(admin, workerGroup);
      System.err.println("Share group " + workerGroup + ": share.auto.offset.reset=earliest");
      for (String queue : queues) {
        String queueGroup = pool.defaultGroupId("workers." + queue);
        TopicSetup.startShareGroupAtEarliest(admin, queueGroup);
        System.err.println("Share group " + queueGroup + " of queue " + queue
            + ": share.auto.offset.reset=earliest");
      }
    } finally {
      // Without a timeout, close() waits for requests still pending after a failure.
      admin.close(CLOSE_TIMEOUT);
    }
    System.err.println("Topics are ready");
    return 0;
  }

  private void requireValidQueue(String queue) {
    try {
      Topics.requireValidQueue(queue);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "invalid value for option '--queue': " + e.getMessage());
    }
  }

  /** Prints each topic's partition count and whether it existed before the setup. */
  private static void printTopics(List<String> names, Map<String, TopicDescription> described,
      Set<String> before, PrintStream out) {
    for (String topic : names) {
      int partitions = described.get(topic).partitions().size();
      out.println("Topic " + topic + ": " + partitions
          + (partitions == 1 ? " partition" : " partitions")
          + (before.contains(topic) ? " (already present)" : " (was missing)"));
    }
  }

  private static List<String> topicNames(Topics topics) {
    return List.of(topics.jobs(), topics.tasks(), topics.results(), topics.cancels(),
        topics.outcomes());
  }

  /** Describes the topics, retrying while the cluster has not yet propagated new ones. */
  private static Map<String, TopicDescription> describe(Admin admin, List<String> names)
      throws InterruptedException {
    long giveUp = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        return admin.describeTopics(names).allTopicNames()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > giveUp) {
          throw new IllegalStateException("failed to describe topics " + names + ": "
              + e.getCause().getMessage(), e.getCause());
        }
        Thread.sleep(RETRY_INTERVAL.toMillis());
      } catch (TimeoutException e) {
        throw timedOut("describe topics " + names, e);
      }
    }
  }

  private static <T> T await(KafkaFuture<T> future, String action) throws InterruptedException {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("failed to " + action + ": " + e.getCause().getMessage()
          + "; check KAFKA_BOOTSTRAP_SERVERS", e.getCause());
    } catch (TimeoutException e) {
      throw timedOut(action, e);
    }
  }

  private static IllegalStateException timedOut(String action, TimeoutException e) {
    return new IllegalStateException("timed out after " + TIMEOUT.toSeconds() + " s trying to "
        + action + "; check KAFKA_BOOTSTRAP_SERVERS and that the cluster is running", e);
  }
}
