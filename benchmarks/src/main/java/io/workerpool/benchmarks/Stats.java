package io.workerpool.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Order statistics of measured values. */
final class Stats {

  private Stats() {}

  /** Returns the median; the mean of the two middle values for an even count. */
  static double median(List<Double> values) {
    List<Double> sorted = sorted(values);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /** Returns the nearest-rank percentile, for example 99 for p99. */
  static double percentile(List<Double> values, double percent) {
    List<Double> sorted = sorted(values);
    int rank = (int) Math.ceil(percent / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  static double min(List<Double> values) {
    return Collections.min(requireValues(values));
  }

  static double max(List<Double> values) {
    return Collections.max(requireValues(values));
  }

  private static List<Double> sorted(List<Double> values) {
    List<Double> sorted = new ArrayList<>(requireValues(values));
    Collections.sort(sorted);
    return sorted;
  }

  private static List<Double> requireValues(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values to summarize");
    }
    return values;
  }
}
