package io.workerpool.core.observability;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka cluster's reachability, for the readiness endpoint and the log. A check requests a
 * description of the cluster and is reused for {@link #CACHE_TIME}, so frequent probes cost one
 * request. {@link #startWatching()} checks on a timer too, so a process without the endpoint
 * still logs one warning when the cluster stops responding and one line when it responds again,
 * while Kafka's own per-connection warnings stay off. Thread-safe.
 */
public final class KafkaReachability implements BooleanSupplier, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaReachability.class);
  /** Generous, because a busy host can take seconds to respond even while the cluster is up. */
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration CACHE_TIME = Duration.ofSeconds(5);

  private final Admin admin;
  private final String bootstrapServers;
  private long checkedAtNanos;
  private long unreachableSinceNanos;
  private boolean reachable = true;
  private boolean checked;
  private ScheduledExecutorService watcher;

  public KafkaReachability(Admin admin, String bootstrapServers) {
    this.admin = admin;
    this.bootstrapServers = bootstrapServers;
  }

  /** Checks the cluster every {@link #CACHE_TIME} on a daemon thread until {@link #close()}. */
  public synchronized void startWatching() {
    if (watcher != null) {
      return;
    }
    watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "kafka-reachability");
      thread.setDaemon(true);
      return thread;
    });
    watcher.scheduleWithFixedDelay(this::getAsBoolean, CACHE_TIME.toMillis(),
        CACHE_TIME.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized boolean getAsBoolean() {
    long now = System.nanoTime();
    if (checked && now - checkedAtNanos < CACHE_TIME.toNanos()) {
      return reachable;
    }
    boolean answer = describeCluster();
    // The cluster counts as reachable before the first check, so a first failure is logged too.
    if (answer != reachable) {
      if (answer) {
        log.info("Kafka cluster at {} responds again after {} s", bootstrapServers,
            TimeUnit.NANOSECONDS.toSeconds(now - unreachableSinceNanos));
      } else {
        unreachableSinceNanos = now;
        log.warn("Kafka cluster at {} did not respond within {} ms; the Kafka clients keep "
            + "reconnecting and resume when it responds, and readiness reports not ready",
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
    synchronized (this) {
      if (watcher != null) {
        watcher.shutdownNow();
      }
    }
    admin.close(Duration.ofSeconds(5));
  }
}
