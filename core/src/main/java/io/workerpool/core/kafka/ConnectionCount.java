package io.workerpool.core.kafka;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** Reads whether a Kafka consumer has a connection open, from its client metrics. */
public final class ConnectionCount {

  private ConnectionCount() {}

  /**
   * Returns whether the consumer has a connection open to any broker, or true when its
   * {@code consumer-metrics} group has no {@code connection-count} metric to tell.
   */
  public static boolean isConnected(Consumer<?, ?> consumer) {
    for (Map.Entry<MetricName, ? extends Metric> metric : consumer.metrics().entrySet()) {
      if (metric.getKey().name().equals("connection-count")
          && metric.getKey().group().equals("consumer-metrics")
          && metric.getValue().metricValue() instanceof Double count) {
        return count > 0;
      }
    }
    return true;
  }
}
