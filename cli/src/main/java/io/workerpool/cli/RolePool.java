package io.workerpool.cli;

import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.kafka.TopicSetup;
import io.workerpool.core.kafka.WorkerProcesses;
import io.workerpool.core.runtime.PoolSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ShareGroupDescription;

/**
 * A producer, a reducer and workers running as child processes against one Kafka cluster.
 * Closing it stops every child: SIGTERM first, then SIGKILL for any that do not exit.
 */
public final class RolePool implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private static final Map<String, String> MAIN_CLASSES = Map.of(
      "producer", "io.workerpool.producer.ProducerMain",
      "reducer", "io.workerpool.reducer.ReducerMain",
      "worker", "io.workerpool.worker.WorkerMain");

  private final Settings settings;
  private final Map<String, String> environment;
  private final Map<String, Map<String, String>> roleEnvironments;
  private final PrintStream log;
  private final List<RoleProcess> roles = new ArrayList<>();

  private RolePool(Settings settings, Map<String, String> environment,
      Map<String, Map<String, String>> roleEnvironments, PrintStream log) {
    this.settings = settings;
    this.environment = environment;
    this.roleEnvironments = roleEnvironments;
    this.log = log;
  }

  /**
   * Creates the topics, starts the roles and waits until each has joined its group, so a job
   * submitted next starts at once.
   *
   * @param environment settings for every role, on top of this process's environment; it must
   *     name the cluster in {@code KAFKA_BOOTSTRAP_SERVERS}
   */
  public static RolePool start(int workers, Map<String, String> environment, PrintStream log)
      throws IOException, InterruptedException {
    return start(workers, environment, Map.of(), log);
  }

  /**
   * Starts the pool like {@link #start(int, Map, PrintStream)}, with extra settings per role,
   * such as each role's own Kafka credentials.
   *
   * @param environment settings for every role and for this pool's own topic setup and
   *     readiness checks, whose principal must be allowed to create topics and describe groups
   * @param roleEnvironments settings of the {@code producer}, {@code worker} or {@code reducer}
   *     role on top of {@code environment}
   */
  public static RolePool start(int workers, Map<String, String> environment,
      Map<String, Map<String, String>> roleEnvironments, PrintStream log)
      throws IOException, InterruptedException {
    Map<String, String> merged = new HashMap<>(System.getenv());
    merged.putAll(environment);
    RolePool pool = new RolePool(Settings.of(merged), Map.copyOf(environment),
        Map.copyOf(roleEnvironments), log);
    try {
      pool.createTopics();
      pool.startRole("producer", "producer");
      pool.startRole("reducer", "reducer");
      for (int i = 1; i <= workers; i++) {
        pool.startRole("worker", "worker-" + i);
      }
      pool.awaitReady(workers);
    } catch (IOException | InterruptedException | RuntimeException e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  /** Returns the settings the roles run with, for clients of the same pool. */
  public Settings settings() {
    return settings;
  }

  public List<RoleProcess> roles() {
    return List.copyOf(roles);
  }

  /**
   * Starts one more process of a role with the pool's settings, such as a worker that joins
   * while a job runs or a reducer that replaces one that was killed. It is stopped with the pool.
   *
   * @param role {@code producer}, {@code reducer} or {@code worker}
   * @param name the name that prefixes its log lines
   */
  public RoleProcess startRole(String role, String name) throws IOException {
    return startRole(role, name, Map.of());
  }

  /**
   * Creates the tasks topic of a stage queue and starts a worker that runs only the stages sent
   * to it ({@code WORKER_QUEUE}). It is stopped with the pool.
   */
  public RoleProcess startQueueWorker(String queue) throws IOException {
    PoolSettings pool = PoolSettings.from(settings);
    try (Admin admin = new KafkaClients(settings, "pool-setup").newAdmin()) {
      TopicSetup.of(admin, pool).ensureQueueTopic(queue);
      TopicSetup.startShareGroupAtEarliest(admin, pool.defaultGroupId("workers." + queue));
    }
    return startRole("worker", "worker-" + queue, Map.of("WORKER_QUEUE", queue));
  }

  private RoleProcess startRole(String role, String name, Map<String, String> extraSettings)
      throws IOException {
    String mainClass = MAIN_CLASSES.get(role);
    if (mainClass == null) {
      throw new IllegalArgumentException("unknown role '" + role
          + "': use producer, reducer or worker");
    }
    Map<String, String> roleEnvironment = new HashMap<>(environment);
    roleEnvironment.putAll(roleEnvironments.getOrDefault(role, Map.of()));
    roleEnvironment.putAll(extraSettings);
    RoleProcess process = RoleProcess.start(name, mainClass, roleEnvironment, JVM_OPTIONS, log);
    roles.add(process);
    return process;
  }

  /** Returns the running process named {@code name}, the last one when several had that name. */
  public RoleProcess role(String name) {
    for (int i = roles.size() - 1; i >= 0; i--) {
      if (roles.get(i).name().equals(name)) {
        return roles.get(i);
      }
    }
    throw new IllegalArgumentException("no role process named '" + name + "'");
  }

  private void createTopics() {
    PoolSettings pool = PoolSettings.from(settings);
    try (Admin admin = new KafkaClients(settings, "pool-setup").newAdmin()) {
      TopicSetup.of(admin, pool).ensureTopics();
      TopicSetup.startShareGroupAtEarliest(admin, groupId("WORKER_GROUP_ID", "workers"));
    }
  }

  private void awaitReady(int workers) throws InterruptedException {
    Instant giveUp = Instant.now().plus(READY_TIMEOUT);
    try (Admin admin = new KafkaClients(settings, "pool-setup").newAdmin()) {
      while (!isReady(admin, workers)) {
        for (RoleProcess role : roles) {
          if (!role.isAlive()) {
            throw new IllegalStateException(role.name() + " exited with status "
                + role.process().exitValue() + " during start; its log is above");
          }
        }
        if (Instant.now().isAfter(giveUp)) {
          throw new IllegalStateException("the pool's roles did not join their groups within "
              + READY_TIMEOUT);
        }
        Thread.sleep(200);
      }
    }
  }

  private boolean isReady(Admin admin, int workers) throws InterruptedException {
    String producers = groupId("PRODUCER_GROUP_ID", "producer");
    String reducers = groupId("REDUCER_GROUP_ID", "reducer");
    String workerGroup = groupId("WORKER_GROUP_ID", "workers");
    try {
      Map<String, ConsumerGroupDescription> groups =
          admin.describeConsumerGroups(List.of(producers, reducers)).all().get();
      ShareGroupDescription share =
          admin.describeShareGroups(List.of(workerGroup)).describedGroups().get(workerGroup).get();
      return !groups.get(producers).members().isEmpty()
          && !groups.get(reducers).members().isEmpty()
          && WorkerProcesses.count(share) >= workers;
    } catch (ExecutionException e) {
      return false;
    }
  }

  private String groupId(String setting, String role) {
    return settings.string(setting, PoolSettings.from(settings).defaultGroupId(role));
  }

  /** Stops every role: all get SIGTERM at once, then each is awaited. */
  @Override
  public void close() throws InterruptedException {
    roles.forEach(RoleProcess::terminate);
    for (RoleProcess role : roles) {
      role.close();
    }
  }
}
