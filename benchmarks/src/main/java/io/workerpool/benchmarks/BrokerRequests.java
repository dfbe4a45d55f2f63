package io.workerpool.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Counts the requests the broker handled, by API, and the records it appended to its internal
 * offsets and share-group state topics. The broker runs in the benchmark's JVM, so its metrics
 * are in the platform MBean server. The difference of two snapshots, per 1,000 tasks, shows
 * what a job costs the broker beyond its task and result records.
 */
final class BrokerRequests {

  /** The request types whose count grows with a pool's polls, sends and offset commits. */
  static final List<String> APIS = List.of("Produce", "FetchConsumer", "ShareFetch",
      "ShareAcknowledge", "WriteShareGroupState", "OffsetCommit");

  /** Kafka's internal topics whose appends grow with commits and acknowledgements. */
  static final List<String> INTERNAL_TOPICS = List.of("__consumer_offsets",
      "__share_group_state");

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  /** Reads the current totals, named {@code requests.API} and {@code records.TOPIC}. */
  Map<String, Long> snapshot() {
    Map<String, Long> totals = new LinkedHashMap<>();
    try {
      for (String api : APIS) {
        totals.put("requests." + api, sum("kafka.network:type=RequestMetrics,"
            + "name=RequestsPerSec,request=" + api + ",*"));
      }
      for (String topic : INTERNAL_TOPICS) {
        totals.put("records." + topic, sum("kafka.server:type=BrokerTopicMetrics,"
            + "name=MessagesInPerSec,topic=" + topic));
      }
    } catch (JMException e) {
      throw new IllegalStateException("failed to read the broker's request metrics from the "
          + "platform MBean server: " + e, e);
    }
    return totals;
  }

  /** Returns {@code (after - before) * 1000 / tasks} for each total. */
  static Map<String, Double> perThousandTasks(Map<String, Long> before, Map<String, Long> after,
      int tasks) {
    Map<String, Double> rates = new LinkedHashMap<>();
    after.forEach((name, total) -> rates.put(name,
        (total - before.getOrDefault(name, 0L)) * 1000.0 / tasks));
    return rates;
  }

  private long sum(String pattern) throws JMException {
    long sum = 0;
    for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
      sum += ((Number) server.getAttribute(name, "Count")).longValue();
    }
    return sum;
  }
}
