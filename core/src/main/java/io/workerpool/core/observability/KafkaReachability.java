package io.workerpool.core.observability;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka cluster's reachability, for the readiness endpoint. A check requests a description
 * of the cluster and is reused for {@link #CACHE_TIME}, so frequent probes cost one request.
 * A change of result is logged. Not thread-safe, because only the endpoint's thread calls it.
 */
public final class KafkaReachability implements BooleanSupplier, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaReachability.class);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration CACHE_TIME = Duration.ofSeconds(5);

  private final Admin admin;
  private final String bootstrapServers;
  private long checkedAtNanos;
  private boolean reachable = true;
  private boolean checked;

  public KafkaReachability(Admin admin, String bootstrapServers) {
    this.admin = admin;
    this.bootstrapServers = bootstrapServers;
  }

  @Override
  public boolean getAsBoolean() {
    long now = System.nanoTime();
    if (checked && now - checkedAtNanos < CACHE_TIME.toNanos()) {
      return reachable;
    }
    boolean answer = describeCluster();
    if (checked && answer != reachable) {
      if (answer) {
        log.info("Kafka cluster at {} responds again", bootstrapServers);
      } else {
        log.warn("Kafka cluster at {} did not respond within {} ms; reporting not ready",
            bootstrapServers, CHECK_TIMEOUT.toMillis());
      }
    }
    reachable = answer;
    checked = true;
    checkedAtNanos = now;
    return reachable;
  }

  private boolean describeCluster() {
    DescribeClusterOptions options =
        new DescribeClusterOptions().timeoutMs((int) CHECK_TIMEOUT.toMillis());
    try {
      admin.describeCluster(options).clusterId()
          .get(CHECK_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
