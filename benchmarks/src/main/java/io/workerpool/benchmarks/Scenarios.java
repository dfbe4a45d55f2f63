package io.workerpool.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.benchmarks.BenchClient.Arrival;
import io.workerpool.benchmarks.BenchClient.Submission;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.cli.RoleProcess;
import io.workerpool.protocol.JobEvent;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.TaskResult;
import io.workerpool.protocol.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The pool scenarios: no-op throughput, one-task job latency, I/O-bound scaling and memory.
 * Each method measures one run and adds its values to the figures.
 */
final class Scenarios {

  /** How long an I/O-bound task waits. */
  static final Duration TASK_SLEEP = Duration.ofMillis(20);

  private static final Duration DEADLINE = Duration.ofMinutes(10);
  private static final Duration AWAIT = Duration.ofMinutes(5);
  /** The queue of the one-task jobs that skip the shared tasks topic under load. */
  private static final String URGENT_QUEUE = "urgent";
  private static final Duration QUEUE_RETRY = Duration.ofMillis(200);

  private final Plan plan;
  private final KafkaClients clients;
  private final Topics topics;
  private final BenchClient client;
  private final RssSampler rss;
  private final Figures figures;
  private final Map<String, Double> executorCache = new HashMap<>();
  private final BrokerRequests brokerRequests = new BrokerRequests();
  private final CpuTimes cpuTimes;

  Scenarios(Plan plan, KafkaClients clients, Topics topics, BenchClient client, RssSampler rss,
      CpuTimes cpuTimes, Figures figures) {
    this.plan = plan;
    this.cpuTimes = cpuTimes;
    this.clients = clients;
    this.topics = topics;
    this.client = client;
    this.rss = rss;
    this.figures = figures;
  }

  /** Runs unmeasured jobs so new workers have joined, loaded their classes and compiled. */
  void warmUp() throws TimeoutException {
    run(NoopJob.TYPE, tasks(plan.warmupTasks()));
    run(SleepJob.TYPE, tasks(100).put("sleep", "1ms"));
  }

  /** Measures one big no-op job and many small ones at once; tasks/s from submit to outcome. */
  void noopThroughput(int workers, boolean withMemory) throws TimeoutException {
    boolean sampleMemory = withMemory && workers == Plan.DEFAULT_WORKERS;
    if (sampleMemory) {
      rss.begin();
    }
    Map<String, Long> beforeBig = usage();
    Submission big = client.submit(NoopJob.TYPE, tasks(plan.bigJobTasks()), DEADLINE);
    Arrival done = BenchClient.requireSucceeded(client.await(big.jobId(), AWAIT));
    addUsage("noop.big.w" + workers, "one no-op job, " + workers + " workers",
        beforeBig, plan.bigJobTasks());
    figures.add("noop.big.w" + workers + ".tasks_per_s", "tasks/s",
        "one no-op job of " + plan.bigJobTasks() + " tasks, " + workers + " workers",
        plan.bigJobTasks() / seconds(big.sentNanos(), done.readNanos()));
    if (sampleMemory) {
      addMemory("load", rss.end());
    }

    List<String> jobIds = new ArrayList<>();
    Map<String, Long> beforeSmall = usage();
    long start = System.nanoTime();
    for (int i = 0; i < plan.smallJobs(); i++) {
      jobIds.add(client.submit(NoopJob.TYPE, tasks(plan.smallJobTasks()), DEADLINE).jobId());
    }
    long last = start;
    for (Arrival arrival : client.awaitAll(jobIds, AWAIT).values()) {
      last = Math.max(last, BenchClient.requireSucceeded(arrival).readNanos());
    }
    addUsage("noop.small.w" + workers, "small no-op jobs, " + workers + " workers",
        beforeSmall, plan.smallJobs() * plan.smallJobTasks());
    figures.add("noop.small.w" + workers + ".tasks_per_s", "tasks/s",
        plan.smallJobs() + " no-op jobs of " + plan.smallJobTasks() + " tasks at once, "
            + workers + " workers",
        plan.smallJobs() * plan.smallJobTasks() / seconds(start, last));
  }

  /** Reads the broker's request and record counts and the processes' CPU times. */
  private Map<String, Long> usage() {
    Map<String, Long> usage = new LinkedHashMap<>(brokerRequests.snapshot());
    usage.putAll(cpuTimes.snapshot());
    return usage;
  }

  private void addUsage(String prefix, String jobDescription, Map<String, Long> before,
      int tasks) {
    BrokerRequests.perThousandTasks(before, usage(), tasks).forEach((name, rate) -> {
      String counted = name.startsWith("cpu_ms.")
          ? "CPU ms of " + name.substring("cpu_ms.".length())
          : "broker " + name.replace('.', ' ');
      figures.addDetail(prefix + "." + name, "per 1,000 tasks", counted + ", " + jobDescription,
          rate);
    });
  }

  /**
   * Measures sequential one-task jobs, first on an idle pool, then beside a big no-op job, on
   * the shared tasks topic and on a queue of their own worker in turns. At idle it also splits
   * each job's time into stages by the create timestamps of its task and result records.
   */
  void jobLatency(BenchPool pool) throws TimeoutException, IOException, InterruptedException {
    List<Double> idle = new ArrayList<>();
    Map<String, Submission> sent = new HashMap<>();
    Map<String, Arrival> read = new HashMap<>();
    try (TopicReader tasks = new TopicReader(clients, topics.tasks());
        TopicReader results = new TopicReader(clients, topics.results())) {
      for (int i = 0; i < plan.latencyJobs(); i++) {
        Submission job = client.submit(NoopJob.TYPE, tasks(1), DEADLINE);
        Arrival arrival = BenchClient.requireSucceeded(client.await(job.jobId(), AWAIT));
        idle.add((arrival.readNanos() - job.sentNanos()) / 1e6);
        sent.put(job.jobId(), job);
        read.put(job.jobId(), arrival);
      }
      addStages(sent, read, tasks.drain(), results.drain());
    }
    addPercentiles("latency.idle", "one-task job, submit to outcome, idle pool", idle);

    List<Double> loaded = new ArrayList<>();
    List<Double> queued = new ArrayList<>();
    try (RoleProcess queueWorker = pool.startQueueWorker(URGENT_QUEUE)) {
      awaitQueueServed();
      Submission background = client.submit(NoopJob.TYPE, tasks(plan.bigJobTasks()), DEADLINE);
      long giveUp = System.nanoTime() + plan.loadWindow().toNanos();
      while (loaded.size() < plan.latencyJobs() && System.nanoTime() < giveUp) {
        loaded.add(oneTaskJobMillis(null));
        queued.add(oneTaskJobMillis(URGENT_QUEUE));
        if (client.arrival(background.jobId()) != null) {
          client.awaitAll(List.of(background.jobId()), AWAIT);
          background = client.submit(NoopJob.TYPE, tasks(plan.bigJobTasks()), DEADLINE);
        }
      }
      client.cancel(background.jobId());
      client.await(background.jobId(), AWAIT);
      queueWorker.terminate();
    }
    addPercentiles("latency.load", "one-task job, submit to outcome, beside a big no-op job",
        loaded);
    addPercentiles("latency.load_queue", "one-task job on its own queue's worker, submit to "
        + "outcome, beside a big no-op job on the shared tasks topic", queued);
    figures.add("latency.load.jobs", "jobs",
        "one-task jobs measured under load within " + plan.loadWindow().toSeconds() + " s, "
            + "on each topic", loaded.size());
  }

  /**
   * Waits until a one-task job on the urgent queue succeeds. Until the queue's worker has
   * created the queue's topic, the producer fails such a job at submit.
   */
  private void awaitQueueServed() throws TimeoutException, InterruptedException {
    long giveUp = System.nanoTime() + AWAIT.toNanos();
    while (true) {
      Submission job = client.submit(NoopJob.TYPE, tasks(1), DEADLINE, URGENT_QUEUE);
      if (client.await(job.jobId(), AWAIT).outcome().status() == JobStatus.SUCCEEDED) {
        return;
      }
      if (System.nanoTime() > giveUp) {
        throw new TimeoutException("no job on queue " + URGENT_QUEUE + " succeeded within "
            + AWAIT.toSeconds() + " s");
      }
      Thread.sleep(QUEUE_RETRY.toMillis());
    }
  }

  /** Adds the median time of each stage of the idle one-task jobs, in whole milliseconds. */
  private void addStages(Map<String, Submission> sent, Map<String, Arrival> read,
      List<ConsumerRecord<String, byte[]>> taskRecords,
      List<ConsumerRecord<String, byte[]>> resultRecords) {
    Map<String, Long> listedAt = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : taskRecords) {
      listedAt.put(record.key().substring(0, record.key().lastIndexOf('#')), record.timestamp());
    }
    Map<String, Long> resultAt = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : resultRecords) {
      if (MessageCodec.decode(record.value(), JobEvent.class) instanceof TaskResult) {
        resultAt.put(record.key(), record.timestamp());
      }
    }
    List<Double> listing = new ArrayList<>();
    List<Double> working = new ArrayList<>();
    List<Double> reducing = new ArrayList<>();
    List<Double> delivering = new ArrayList<>();
    sent.forEach((jobId, job) -> {
      Long listed = listedAt.get(jobId);
      Long result = resultAt.get(jobId);
      if (listed == null || result == null) {
        return;
      }
      long finished = read.get(jobId).outcome().finishedAt().toEpochMilli();
      listing.add((double) (listed - job.sentAt().toEpochMilli()));
      working.add((double) (result - listed));
      reducing.add((double) (finished - result));
      delivering.add((double) (read.get(jobId).readAt().toEpochMilli() - finished));
    });
    if (listing.isEmpty()) {
      return;
    }
    String job = "median over idle one-task jobs, ";
    figures.addDetail("latency.idle.stage.submit_to_task_ms", "ms",
        job + "client send to the task record (producer reads the job and lists it)",
        Stats.median(listing));
    figures.addDetail("latency.idle.stage.task_to_result_ms", "ms",
        job + "task record to result record (share fetch, run, send)", Stats.median(working));
    figures.addDetail("latency.idle.stage.result_to_outcome_ms", "ms",
        job + "result record to the outcome's finishedAt (reducer)", Stats.median(reducing));
    figures.addDetail("latency.idle.stage.outcome_to_client_ms", "ms",
        job + "finishedAt to the client reading the outcome", Stats.median(delivering));
  }

  private double oneTaskJobMillis(String queue) throws TimeoutException {
    Submission job = client.submit(NoopJob.TYPE, tasks(1), DEADLINE, queue);
    Arrival arrival = BenchClient.requireSucceeded(client.await(job.jobId(), AWAIT));
    return (arrival.readNanos() - job.sentNanos()) / 1e6;
  }

  /**
   * Measures a job of 20 ms sleeps sized to last about {@code plan.scalingTarget()} at full
   * concurrency, and the same sleeps on an executor of the same total concurrency in this JVM.
   */
  void ioScaling(int workers, int concurrency, int run) throws Exception {
    int total = workers * concurrency;
    int taskCount = scalingTasks(total);
    Submission job = client.submit(SleepJob.TYPE,
        tasks(taskCount).put("sleep", TASK_SLEEP.toMillis() + "ms"), DEADLINE);
    Arrival done = BenchClient.requireSucceeded(client.await(job.jobId(), AWAIT));
    double pool = taskCount / seconds(job.sentNanos(), done.readNanos());
    String config = "w" + workers + ".c" + concurrency;
    figures.add("io.pool." + config + ".tasks_per_s", "tasks/s",
        taskCount + " tasks of 20 ms, " + workers + " workers x " + concurrency, pool);

    String key = total + "/" + run;
    Double executor = executorCache.get(key);
    if (executor == null) {
      executor = executorThroughput(total, taskCount);
      executorCache.put(key, executor);
      figures.add("io.executor.c" + total + ".tasks_per_s", "tasks/s",
          taskCount + " sleeps of 20 ms on an ExecutorService of " + total + " threads",
          executor);
    }
    figures.add("io." + config + ".ratio_to_executor", "ratio",
        "pool / in-process executor, " + workers + " workers x " + concurrency, pool / executor);
  }

  private int scalingTasks(int totalConcurrency) {
    double perSecond = totalConcurrency * 1_000.0 / TASK_SLEEP.toMillis();
    return (int) Math.max(4L * totalConcurrency,
        Math.round(perSecond * plan.scalingTarget().toMillis() / 1_000.0));
  }

  /** Returns tasks/s of {@code taskCount} sleeps on a fixed pool of {@code threads}. */
  static double executorThroughput(int threads, int taskCount) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < taskCount; i++) {
        futures.add(executor.submit(() -> {
          TimeUnit.MILLISECONDS.sleep(TASK_SLEEP.toMillis());
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
      return taskCount / seconds(start, System.nanoTime());
    } finally {
      executor.shutdownNow();
    }
  }

  /** Samples each role's RSS on an idle pool, then during a friends job. */
  void memory() throws Exception {
    rss.begin();
    Thread.sleep(plan.idleWindow().toMillis());
    addMemory("idle", rss.end());

    rss.begin();
    ObjectNode params = JsonNodeFactory.instance.objectNode().put("userId", plan.friendsUser());
    Submission job = client.submit("friends", params, DEADLINE);
    Arrival done = BenchClient.requireSucceeded(client.await(job.jobId(), AWAIT));
    addMemory("friends", rss.end());
    long tasks = done.outcome().stats().completed();
    figures.add("friends.tasks_per_s", "tasks/s",
        "friends job of user " + plan.friendsUser() + " (" + tasks + " tasks), "
            + Plan.DEFAULT_WORKERS + " workers",
        tasks / seconds(job.sentNanos(), done.readNanos()));
  }

  private void addMemory(String phase, Map<String, Double> mebibytes) {
    String when = switch (phase) {
      case "idle" -> "at idle";
      case "load" -> "max during the big no-op job";
      default -> "max during the friends job of user " + plan.friendsUser();
    };
    mebibytes.forEach((role, value) -> figures.add("memory." + phase + "." + role + ".rss_mib",
        "MiB", role + " resident set size, " + when, value));
  }

  private void addPercentiles(String name, String description, List<Double> millis) {
    figures.add(name + ".p50_ms", "ms", description + ", p50 of " + millis.size(),
        Stats.percentile(millis, 50));
    figures.add(name + ".p99_ms", "ms", description + ", p99 of " + millis.size(),
        Stats.percentile(millis, 99));
  }

  private void run(String type, JsonNode params) throws TimeoutException {
    Submission job = client.submit(type, params, DEADLINE);
    BenchClient.requireSucceeded(client.await(job.jobId(), AWAIT));
  }

  static ObjectNode tasks(int count) {
    return JsonNodeFactory.instance.objectNode().put("tasks", count);
  }

  static double seconds(long startNanos, long endNanos) {
    return (endNanos - startNanos) / 1e9;
  }
}
