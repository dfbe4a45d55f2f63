package io.workerpool.benchmarks;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.benchmarks.Figures.Figure;
import io.workerpool.benchmarks.Svg.Series;
import io.workerpool.protocol.MessageCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the results: {@code results.json} (every value of every run), {@code results.md} (the
 * tables), and the charts {@code throughput.svg}, {@code io-scaling.svg} and
 * {@code latency.svg}.
 */
final class Report {

  private final Figures figures;
  private final Plan plan;
  private final Map<String, String> machine;

  Report(Figures figures, Plan plan, Map<String, String> machine) {
    this.figures = figures;
    this.plan = plan;
    this.machine = machine;
  }

  /** Writes every file into {@code directory}, creating it, and returns the Markdown tables. */
  String write(Path directory) throws IOException {
    Files.createDirectories(directory);
    List<Targets.Check> checks = Targets.check(figures, plan);
    Files.writeString(directory.resolve("results.json"), json(checks), StandardCharsets.UTF_8);
    String markdown = markdown(checks);
    Files.writeString(directory.resolve("results.md"), markdown, StandardCharsets.UTF_8);
    Files.writeString(directory.resolve("throughput.svg"), throughputChart());
    Files.writeString(directory.resolve("io-scaling.svg"), scalingChart());
    Files.writeString(directory.resolve("latency.svg"), latencyChart());
    return markdown;
  }

  private String json(List<Targets.Check> checks) throws IOException {
    ObjectNode root = MessageCodec.mapper().createObjectNode();
    ObjectNode machineNode = root.putObject("machine");
    machine.forEach(machineNode::put);
    root.put("runs", plan.runs());
    ArrayNode figureNodes = root.putArray("figures");
    figures.figures().forEach(figure -> figureNodes.add(json(figure)));
    ArrayNode detailNodes = root.putArray("details");
    figures.details().forEach(detail -> detailNodes.add(json(detail)));
    ArrayNode targetNodes = root.putArray("targets");
    for (Targets.Check check : checks) {
      targetNodes.addObject().put("target", check.target()).put("measured", check.measured())
          .put("met", check.met());
    }
    return MessageCodec.mapper().writer(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(root) + "\n";
  }

  private static ObjectNode json(Figure figure) {
    ObjectNode node = MessageCodec.mapper().createObjectNode()
        .put("name", figure.name())
        .put("unit", figure.unit())
        .put("description", figure.description())
        .put("median", figure.median())
        .put("min", figure.min())
        .put("max", figure.max());
    ArrayNode values = node.putArray("values");
    figure.values().forEach(values::add);
    return node;
  }

  private String markdown(List<Targets.Check> checks) {
    StringBuilder text = new StringBuilder("# Benchmark results\n\n");
    machine.forEach((key, value) -> text.append("- ").append(key).append(": ").append(value)
        .append('\n'));
    text.append("- runs: ").append(plan.runs()).append("\n\n");
    text.append("| figure | median | min | max | unit | what |\n|---|---:|---:|---:|---|---|\n");
    for (Figure figure : figures.figures()) {
      row(text, figure);
    }
    text.append("\nDetails (may be zero):\n\n| detail | median | min | max | unit | what |\n")
        .append("|---|---:|---:|---:|---|---|\n");
    for (Figure detail : figures.details()) {
      row(text, detail);
    }
    text.append("\n| target | measured (median) | met |\n|---|---:|---|\n");
    for (Targets.Check check : checks) {
      text.append("| ").append(check.target()).append(" | ").append(check.measured())
          .append(" | ").append(check.met() ? "met" : "not met").append(" |\n");
    }
    return text.toString();
  }

  private static void row(StringBuilder text, Figure figure) {
    text.append("| ").append(figure.name()).append(" | ")
        .append(Targets.format(figure.median())).append(" | ")
        .append(Targets.format(figure.min())).append(" | ")
        .append(Targets.format(figure.max())).append(" | ")
        .append(figure.unit()).append(" | ").append(figure.description()).append(" |\n");
  }

  private String throughputChart() {
    List<String> categories = new ArrayList<>();
    List<Double> big = new ArrayList<>();
    List<Double> small = new ArrayList<>();
    List<Double> relay = new ArrayList<>();
    List<Double> shareRelay = new ArrayList<>();
    for (int workers : plan.workerCounts()) {
      categories.add(Integer.toString(workers));
      big.add(median("noop.big.w" + workers + ".tasks_per_s"));
      small.add(median("noop.small.w" + workers + ".tasks_per_s"));
      relay.add(median("relay.records_per_s"));
      shareRelay.add(median("share_relay.p" + Plan.DEFAULT_POLL_RECORDS + ".records_per_s"));
    }
    return Svg.lineChart("No-op task throughput against workers (medians)", "worker processes",
        "tasks/s, records/s", categories, List.of(
            new Series("raw relay", relay, true),
            new Series("share relay, " + Plan.DEFAULT_POLL_RECORDS + " per poll", shareRelay,
                true),
            new Series("no-op, one big job", big, false),
            new Series("no-op, small jobs", small, false)));
  }

  private String scalingChart() {
    List<String> categories = new ArrayList<>();
    plan.workerCounts().forEach(workers -> categories.add(Integer.toString(workers)));
    List<Series> series = new ArrayList<>();
    for (int concurrency : plan.concurrencies()) {
      List<Double> pool = new ArrayList<>();
      List<Double> executor = new ArrayList<>();
      for (int workers : plan.workerCounts()) {
        pool.add(median("io.pool.w" + workers + ".c" + concurrency + ".tasks_per_s"));
        executor.add(median("io.executor.c" + workers * concurrency + ".tasks_per_s"));
      }
      series.add(new Series("pool, " + concurrency + " per worker", pool, false));
      series.add(new Series("executor, same total", executor, true));
    }
    return Svg.lineChart("20 ms tasks: pool against in-process executor (medians)",
        "worker processes", "tasks/s", categories, series);
  }

  private String latencyChart() {
    List<String> names = List.of("latency.idle", "latency.load", "latency.load_queue",
        "cancel.producer_stop", "cancel.worker_stop", "cancel.outcome");
    List<String> categories = List.of("job, idle", "job, load", "job on queue, load",
        "cancel: list", "cancel: workers", "cancel: outcome");
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    for (String name : names) {
      p50.add(median(name + ".p50_ms"));
      p99.add(median(name + ".p99_ms"));
    }
    return Svg.logBarChart("Latency percentiles (medians of runs)", "ms (log scale)",
        categories, List.of(new Series("p50", p50, false), new Series("p99", p99, false)));
  }

  private double median(String name) {
    return figures.get(name).map(Figure::median).orElse(Double.NaN);
  }
}
