package io.workerpool.benchmarks;

import io.workerpool.cli.RoleProcess;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer, a reducer and a changing set of workers, each a child JVM with this JVM's class
 * path, on one topic prefix. Unlike the command line's {@code RolePool}, it can add and stop
 * workers and restart them with another {@code WORKER_CONCURRENCY} while the producer and
 * reducer keep running.
 */
final class BenchPool implements AutoCloseable {

  /** The JVM options that {@code bin/workerpool local} gives every role. */
  static final List<String> ROLE_JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private static final Logger log = LoggerFactory.getLogger(BenchPool.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(20);

  private final Settings settings;
  private final Map<String, String> environment;
  private final List<String> extraJvmOptions;
  private final PrintStream roleOutput;
  // Copy-on-write, because the RSS sampler's thread reads them while the main thread changes them.
  private final List<RoleProcess> services = new CopyOnWriteArrayList<>();
  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  private int workersStarted;

  private record Worker(RoleProcess process, int concurrency) {}

  private BenchPool(Map<String, String> environment, List<String> extraJvmOptions,
      PrintStream roleOutput) {
    this.environment = Map.copyOf(environment);
    this.settings = Settings.of(environment);
    this.extraJvmOptions = List.copyOf(extraJvmOptions);
    this.roleOutput = roleOutput;
  }

  /**
   * Creates the topics and starts a producer, a reducer and {@code workers} workers at once.
   * {@code extraJvmOptions} are added to every role's JVM options, with {@code {role}} replaced
   * by the role's name.
   */
  static BenchPool start(String bootstrapServers, String topicPrefix, int workers,
      int concurrency, List<String> extraJvmOptions, PrintStream roleOutput)
      throws IOException, InterruptedException {
    Map<String, String> environment = new HashMap<>();
    environment.put(KafkaClients.BOOTSTRAP_SERVERS, bootstrapServers);
    environment.put("WORKERPOOL_TOPIC_PREFIX", topicPrefix);
    BenchPool pool = new BenchPool(environment, extraJvmOptions, roleOutput);
    try {
      pool.createTopics();
      pool.services.add(pool.startRole("producer", "io.workerpool.producer.ProducerMain",
          Map.of()));
      pool.services.add(pool.startRole("reducer", "io.workerpool.reducer.ReducerMain",
          Map.of()));
      pool.setWorkers(workers, concurrency);
    } catch (IOException | InterruptedException | RuntimeException e) {
      pool.close();
      throw e;
    }
    return pool;
  }

  /** Returns the settings of the roles, for clients of this pool. */
  Settings settings() {
    return settings;
  }

  /** Returns every running role: producer, reducer, then the workers in start order. */
  List<RoleProcess> roles() {
    List<RoleProcess> roles = new ArrayList<>(services);
    workers.forEach(worker -> roles.add(worker.process()));
    return roles;
  }

  /**
   * Runs exactly {@code count} workers that each run {@code concurrency} tasks at once, stopping
   * or starting workers as needed, and waits until the share group has that many members.
   */
  void setWorkers(int count, int concurrency) throws IOException, InterruptedException {
    List<Worker> stale = new ArrayList<>();
    for (Worker worker : workers) {
      if (worker.concurrency() != concurrency || workers.size() - stale.size() > count) {
        stale.add(worker);
      }
    }
    stopWorkers(stale);
    while (workers.size() < count) {
      // Log lines carry the name, so each started process gets a new one.
      String name = "worker-" + (++workersStarted);
      RoleProcess process = startRole(name, "io.workerpool.worker.WorkerMain",
          Map.of("WORKER_CONCURRENCY", Integer.toString(concurrency)));
      workers.add(new Worker(process, concurrency));
    }
    awaitMembers(count);
    log.info("Pool runs {} workers with WORKER_CONCURRENCY={}", count, concurrency);
  }

  /**
   * Starts a worker of {@code WORKER_CONCURRENCY} 8 that serves only {@code queue} and creates
   * its topic. The caller stops it.
   */
  RoleProcess startQueueWorker(String queue) throws IOException {
    return startRole("worker-" + queue, "io.workerpool.worker.WorkerMain", Map.of(
        "WORKER_CONCURRENCY", Integer.toString(Plan.DEFAULT_CONCURRENCY),
        "WORKER_QUEUE", queue));
  }

  private void stopWorkers(List<Worker> stale) throws InterruptedException {
    stale.forEach(worker -> worker.process().terminate());
    for (Worker worker : stale) {
      worker.process().close();
      workers.remove(worker);
    }
  }

  private RoleProcess startRole(String name, String mainClass, Map<String, String> extra)
      throws IOException {
    List<String> jvmOptions = new ArrayList<>(ROLE_JVM_OPTIONS);
    extraJvmOptions.forEach(option -> jvmOptions.add(option.replace("{role}", name)));
    Map<String, String> roleEnvironment = new HashMap<>(environment);
    roleEnvironment.putAll(extra);
    return RoleProcess.start(name, mainClass, roleEnvironment, jvmOptions, roleOutput);
  }

  private void createTopics() {
    PoolSettings pool = PoolSettings.from(settings);
    try (Admin admin = new KafkaClients(settings, "benchmark-setup").newAdmin()) {
      TopicSetup.of(admin, pool).ensureTopics();
      TopicSetup.startShareGroupAtEarliest(admin, pool.defaultGroupId("workers"));
    }
  }

  /**
   * Waits until the producer and reducer groups have members and the workers' share group has
   * exactly {@code workerCount} members.
   */
  private void awaitMembers(int workerCount) throws InterruptedException {
    Instant start = Instant.now();
    PoolSettings pool = PoolSettings.from(settings);
    try (Admin admin = new KafkaClients(settings, "benchmark-setup").newAdmin()) {
      while (true) {
        int members = workerProcesses(admin, pool, workerCount);
        if (members == workerCount) {
          return;
        }
        for (RoleProcess role : roles()) {
          if (!role.isAlive()) {
            throw new IllegalStateException(role.name() + " exited with status "
                + role.process().exitValue() + "; its log is in the role log file");
          }
        }
        Duration waited = Duration.between(start, Instant.now());
        Duration limit = members > workerCount ? LEAVE_TIMEOUT : READY_TIMEOUT;
        if (waited.compareTo(limit) > 0) {
          throw new IllegalStateException("the workers' share group has " + members
              + " worker processes after " + waited.toSeconds() + " s, expected " + workerCount);
        }
        Thread.sleep(200);
      }
    }
  }

  /**
   * Returns how many worker processes the share group has, or -1 while the other groups are
   * not ready.
   */
  private static int workerProcesses(Admin admin, PoolSettings pool, int workerCount)
      throws InterruptedException {
    String producers = pool.defaultGroupId("producer");
    String reducers = pool.defaultGroupId("reducer");
    String workerGroup = pool.defaultGroupId("workers");
    try {
      Map<String, ConsumerGroupDescription> groups =
          admin.describeConsumerGroups(List.of(producers, reducers)).all().get();
      if (groups.get(producers).members().isEmpty() || groups.get(reducers).members().isEmpty()) {
        return -1;
      }
      if (workerCount == 0) {
        return 0;
      }
      ShareGroupDescription share =
          admin.describeShareGroups(List.of(workerGroup)).describedGroups().get(workerGroup).get();
      return (int) WorkerProcesses.count(share);
    } catch (ExecutionException e) {
      return -1;
    }
  }

  /** Stops every role: all get SIGTERM at once, then each is awaited. */
  @Override
  public void close() throws InterruptedException {
    List<RoleProcess> roles = roles();
    roles.forEach(RoleProcess::terminate);
    for (RoleProcess role : roles) {
      role.close();
    }
    workers.clear();
    services.clear();
  }
}
