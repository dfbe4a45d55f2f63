package io.workerpool.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's measurements, one value per run for each figure, in the order they were
 * first recorded. Figures are rates, latencies, sizes and ratios, all positive when the
 * measurement worked. Details that can be zero, such as tasks started after a failure or a
 * latency stage shorter than the 1 ms resolution of record timestamps, are kept apart.
 */
final class Figures {

  /** One measured quantity and its value in each run. */
  record Figure(String name, String unit, String description, List<Double> values) {

    double median() {
      return Stats.median(values);
    }

    double min() {
      return Stats.min(values);
    }

    double max() {
      return Stats.max(values);
    }
  }

  private final Map<String, Figure> figures = new LinkedHashMap<>();
  private final Map<String, Figure> details = new LinkedHashMap<>();

  /** Adds one run's value of a figure. */
  void add(String name, String unit, String description, double value) {
    figures.computeIfAbsent(name, key -> new Figure(key, unit, description, new ArrayList<>()))
        .values().add(value);
  }

  /** Adds one run's value of a detail that may be zero. */
  void addDetail(String name, String unit, String description, double value) {
    details.computeIfAbsent(name, key -> new Figure(key, unit, description, new ArrayList<>()))
        .values().add(value);
  }

  Optional<Figure> get(String name) {
    return Optional.ofNullable(figures.get(name));
  }

  List<Figure> figures() {
    return List.copyOf(figures.values());
  }

  List<Figure> details() {
    return List.copyOf(details.values());
  }
}
