package io.workerpool.benchmarks;

import io.workerpool.broker.EmbeddedKafkaBroker;
import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import io.workerpool.protocol.Topics;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs every benchmark scenario against a pool of real role processes on a Kafka broker started
 * in this JVM, repeats each measurement, and writes medians and ranges with charts.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
    description = "Measures the worker pool on an embedded Kafka broker: no-op throughput "
        + "against a raw Kafka relay, job and cancel latency, I/O-bound scaling against an "
        + "in-process executor, and the roles' resident memory.")
public final class BenchmarkMain implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(BenchmarkMain.class);

  /** The share consumers of the default pool: 2 workers, each with 2 consumers. */
  private static final int SHARE_RELAY_CONSUMERS = Plan.DEFAULT_WORKERS * 2;

  /** The workers' default poll size (4 x concurrency), then a large one. */
  private static final List<Integer> SHARE_RELAY_POLL_RECORDS =
      List.of(Plan.DEFAULT_POLL_RECORDS, 256);

  @Option(names = "--quick",
      description = "Run small sizes, a few seconds per scenario, for a smoke run.")
  boolean quick;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
      description = "How many times each measurement is repeated (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "benchmarks/results",
      description = "Directory for results.json, results.md, the SVG charts and roles.log "
          + "(default ${DEFAULT-VALUE}).")
  Path output;

  /** The scenarios that {@code --scenario} can pick. */
  enum Scenario { noop, latency, cancel, io, memory }

  @Option(names = "--scenario", paramLabel = "NAME",
      description = "Run only this scenario, repeatable: ${COMPLETION-CANDIDATES} "
          + "(default: all). The raw relay always runs.")
  Set<Scenario> only = EnumSet.noneOf(Scenario.class);

  @Option(names = "--share-relay-sweep",
      description = "Also measure the share relay with 2, 4 and 8 share consumers and 32, 256 "
          + "and 1024 records per poll, in every run.")
  boolean shareRelaySweep;

  @Option(names = "--role-jvm-option", paramLabel = "OPTION",
      description = "An extra JVM option for every role process, repeatable; {role} is "
          + "replaced by the role's name, for example "
          + "-XX:StartFlightRecording=filename=/tmp/{role}.jfr,dumponexit=true")
  List<String> roleJvmOptions = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Parses the arguments, runs the benchmark and returns the exit status. */
  public static int run(String... args) {
    return new CommandLine(new BenchmarkMain()).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (runs < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "invalid value " + runs + " for --runs: expected 1 or more");
    }
    Plan plan = quick ? Plan.quick(runs) : Plan.full(runs);
    Files.createDirectories(output);
    long start = System.nanoTime();
    Figures figures = new Figures();
    Path roleLog = output.resolve("roles.log");
    try (PrintStream roleOutput = new PrintStream(new FileOutputStream(roleLog.toFile()), true,
        StandardCharsets.UTF_8);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()) {
      broker.start();
      log.info("Role output goes to {}", roleLog.toAbsolutePath());
      measure(plan, broker.bootstrapServers(), figures, roleOutput);
    }
    addRelayRatios(figures, plan);
    Map<String, String> machine = machine();
    machine.put("wall time", Math.round((System.nanoTime() - start) / 1e9) + " s");
    String markdown = new Report(figures, plan, machine).write(output);
    System.out.println(markdown);
    log.info("Wrote results to {}", output.toAbsolutePath());
    return 0;
  }

  private void measure(Plan plan, String bootstrapServers, Figures figures,
      PrintStream roleOutput) throws Exception {
    String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Settings settings = Settings.of(Map.of(KafkaClients.BOOTSTRAP_SERVERS, bootstrapServers,
        "WORKERPOOL_TOPIC_PREFIX", prefix));
    KafkaClients clients = new KafkaClients(settings, "benchmark");
    PoolSettings poolSettings = PoolSettings.from(settings);

    RelayBenchmark relay = new RelayBenchmark(clients, poolSettings.partitions(),
        sampleTask(), sampleResult());
    log.info("Relay warm-up: {} records", plan.relayRecords() / 5);
    relay.run(prefix + "warmup.", plan.relayRecords() / 5);
    relay.runShared(prefix + "warmup.", plan.relayRecords() / 5, SHARE_RELAY_CONSUMERS,
        SHARE_RELAY_POLL_RECORDS.get(0));
    for (int run = 1; run <= plan.runs(); run++) {
      log.info("Relay run {} of {}: {} records", run, plan.runs(), plan.relayRecords());
      addRelay(figures, "relay", "raw relay of " + plan.relayRecords() + " records, "
          + poolSettings.partitions() + " partitions",
          relay.run(prefix + "run" + run + ".", plan.relayRecords()));
      for (int pollRecords : SHARE_RELAY_POLL_RECORDS) {
        addShareRelay(relay, plan, figures, prefix + "run" + run + ".",
            "share_relay.p" + pollRecords, SHARE_RELAY_CONSUMERS, pollRecords);
      }
      if (shareRelaySweep) {
        sweepShareRelay(relay, plan, prefix + "run" + run + ".", figures);
      }
    }

    log.info("Starting the roles with topic prefix {}", prefix);
    try (BenchPool pool = BenchPool.start(bootstrapServers, prefix, plan.workerCounts().get(0),
        Plan.DEFAULT_CONCURRENCY, roleJvmOptions, roleOutput);
        BenchClient client = new BenchClient(clients, poolSettings.topics());
        RssSampler rss = new RssSampler(pool::roles);
        CancelScenario cancels = new CancelScenario(plan, clients, poolSettings.topics(),
            client, figures)) {
      Scenarios scenarios = new Scenarios(plan, clients, poolSettings.topics(), client, rss,
          new CpuTimes(pool::roles), figures);
      boolean ascending = true;
      List<Integer> concurrencies = new ArrayList<>(plan.concurrencies());
      // The default concurrency goes first, so the no-op, latency, cancel and memory scenarios
      // share its workers with the scaling scenario.
      concurrencies.remove(Integer.valueOf(Plan.DEFAULT_CONCURRENCY));
      concurrencies.add(0, Plan.DEFAULT_CONCURRENCY);
      for (int concurrency : concurrencies) {
        List<Integer> workerCounts = new ArrayList<>(plan.workerCounts());
        if (!ascending) {
          java.util.Collections.reverse(workerCounts);
        }
        ascending = !ascending;
        if (concurrency != Plan.DEFAULT_CONCURRENCY && !runs(Scenario.io)) {
          continue;
        }
        for (int workers : workerCounts) {
          pool.setWorkers(workers, concurrency);
          scenarios.warmUp();
          for (int run = 1; run <= plan.runs(); run++) {
            log.info("{} workers x {}: run {} of {}", workers, concurrency, run, plan.runs());
            if (concurrency == Plan.DEFAULT_CONCURRENCY) {
              if (workers == Plan.DEFAULT_WORKERS && runs(Scenario.memory)) {
                scenarios.memory();
              }
              if (runs(Scenario.noop)) {
                scenarios.noopThroughput(workers, runs(Scenario.memory));
              }
              if (workers == Plan.DEFAULT_WORKERS && runs(Scenario.latency)) {
                scenarios.jobLatency(pool);
              }
              if (workers == Plan.DEFAULT_WORKERS && runs(Scenario.cancel)) {
                cancels.run();
              }
            }
            if (runs(Scenario.io)) {
              scenarios.ioScaling(workers, concurrency, run);
            }
          }
        }
      }
    }
  }

  private static void addRelay(Figures figures, String name, String description,
      RelayBenchmark.Measurement measurement) {
    figures.add(name + ".records_per_s", "records/s", description,
        measurement.recordsPerSecond());
    figures.addDetail(name + ".cpu_ms", "per 1,000 records",
        "CPU ms of the benchmark's JVM, broker included, " + description,
        measurement.cpuMsPerThousand());
  }

  /** Runs the share relay once and adds its figures under {@code name}. */
  private static void addShareRelay(RelayBenchmark relay, Plan plan, Figures figures,
      String topicPrefix, String name, int consumers, int pollRecords) throws Exception {
    addRelay(figures, name, "share relay of " + plan.relayRecords() + " records, " + consumers
        + " share consumers, " + pollRecords + " per poll",
        relay.runShared(topicPrefix + name + ".", plan.relayRecords(), consumers, pollRecords));
  }

  private static void sweepShareRelay(RelayBenchmark relay, Plan plan, String prefix,
      Figures figures) throws Exception {
    for (int consumers : List.of(2, 4, 8)) {
      for (int pollRecords : List.of(32, 256, 1024)) {
        log.info("Share relay sweep: {} consumers, {} per poll", consumers, pollRecords);
        addShareRelay(relay, plan, figures, prefix,
            "share_relay.c" + consumers + ".p" + pollRecords, consumers, pollRecords);
      }
    }
  }

  private boolean runs(Scenario scenario) {
    return only.isEmpty() || only.contains(scenario);
  }

  /**
   * Adds, per run, each no-op throughput divided by the raw relay's throughput of the same run,
   * and divided by the share relay's at the workers' default poll size.
   */
  private static void addRelayRatios(Figures figures, Plan plan) {
    List<Double> relay = figures.get("relay.records_per_s").orElseThrow().values();
    List<Double> shareRelay = figures.get("share_relay.p" + SHARE_RELAY_POLL_RECORDS.get(0)
        + ".records_per_s").orElseThrow().values();
    for (int workers : plan.workerCounts()) {
      for (String size : List.of("big", "small")) {
        String name = "noop." + size + ".w" + workers;
        if (figures.get(name + ".tasks_per_s").isEmpty()) {
          continue;
        }
        List<Double> pool = figures.get(name + ".tasks_per_s").orElseThrow().values();
        for (int run = 0; run < Math.min(relay.size(), pool.size()); run++) {
          figures.add(name + ".ratio_to_relay", "ratio", "no-op " + size + " job throughput / "
              + "raw relay, " + workers + " workers", pool.get(run) / relay.get(run));
          figures.add(name + ".ratio_to_share_relay", "ratio", "no-op " + size
              + " job throughput / share relay at " + SHARE_RELAY_POLL_RECORDS.get(0)
              + " per poll, " + workers + " workers", pool.get(run) / shareRelay.get(run));
        }
      }
    }
  }

  /** Returns a task as the producer encodes one of a no-op job's tasks. */
  private static byte[] sampleTask() {
    return MessageCodec.encode(task());
  }

  /** Returns a result as a worker encodes one of a no-op job's results. */
  private static byte[] sampleResult() {
    return MessageCodec.encode(TaskResult.succeeded(task(),
        JsonNodeFactory.instance.objectNode(), "worker-benchmark-host-12345"));
  }

  private static Task task() {
    Instant now = Instant.now();
    JobRequest job = JobRequest.of(UUID.randomUUID().toString(), NoopJob.TYPE,
        Scenarios.tasks(20_000), now, now.plus(Duration.ofMinutes(10)));
    return Task.of(job, 12_345, JsonNodeFactory.instance.objectNode());
  }

  private static Map<String, String> machine() throws IOException {
    Map<String, String> machine = new LinkedHashMap<>();
    machine.put("processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    Path meminfo = Path.of("/proc/meminfo");
    if (Files.isReadable(meminfo)) {
      Files.readAllLines(meminfo).stream().filter(line -> line.startsWith("MemTotal:"))
          .findFirst().ifPresent(line -> machine.put("memory", line.replaceAll(".*:\\s*", "")));
    }
    machine.put("java", System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version"));
    machine.put("role JVM options", String.join(" ", BenchPool.ROLE_JVM_OPTIONS));
    machine.put("task record", sampleTask().length + " bytes");
    machine.put("result record", sampleResult().length + " bytes");
    return machine;
  }
}
