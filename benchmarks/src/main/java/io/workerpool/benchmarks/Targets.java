package io.workerpool.benchmarks;

import io.workerpool.benchmarks.Figures.Figure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The performance targets for a 2-core machine, checked against the figures' medians. */
final class Targets {

  /** One target: its threshold, the value measured and whether it was met. */
  record Check(String target, String measured, boolean met) {}

  private Targets() {}

  static List<Check> check(Figures figures, Plan plan) {
    List<Check> checks = new ArrayList<>();
    for (int workers : plan.workerCounts()) {
      atLeast(checks, figures, "noop.big.w" + workers + ".ratio_to_relay", 0.5,
          "No-op throughput >= 0.5 x raw relay (one big job, " + workers + " workers)");
      atLeast(checks, figures, "noop.small.w" + workers + ".ratio_to_relay", 0.5,
          "No-op throughput >= 0.5 x raw relay (small jobs, " + workers + " workers)");
    }
    atMost(checks, figures, "latency.idle.p50_ms", 15, "One-task job p50 <= 15 ms at idle");
    atMost(checks, figures, "latency.idle.p99_ms", 50, "One-task job p99 <= 50 ms at idle");
    atMost(checks, figures, "cancel.worker_stop.p99_ms", 50,
        "Cancel to last worker task stop p99 <= 50 ms at idle");
    for (int concurrency : plan.concurrencies()) {
      for (int workers : plan.workerCounts()) {
        atLeast(checks, figures, "io.w" + workers + ".c" + concurrency + ".ratio_to_executor",
            0.8, "I/O-bound >= 0.8 x in-process executor (" + workers + " workers x "
                + concurrency + ")");
      }
    }
    double maxWorker = 0;
    for (Figure figure : figures.figures()) {
      if (figure.name().startsWith("memory.") && figure.name().contains(".worker-")) {
        maxWorker = Math.max(maxWorker, figure.max());
      }
    }
    if (maxWorker > 0) {
      checks.add(new Check("Worker resident size < 256 MiB with default settings",
          format(maxWorker) + " MiB (max of every sample)", maxWorker < 256));
    }
    return checks;
  }

  private static void atLeast(List<Check> checks, Figures figures, String name, double minimum,
      String target) {
    Optional<Figure> figure = figures.get(name);
    figure.ifPresent(found -> checks.add(new Check(target, format(found.median()),
        found.median() >= minimum)));
  }

  private static void atMost(List<Check> checks, Figures figures, String name, double maximum,
      String target) {
    Optional<Figure> figure = figures.get(name);
    figure.ifPresent(found -> checks.add(new Check(target, format(found.median()) + " ms",
        found.median() <= maximum)));
  }

  static String format(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
  }
}
