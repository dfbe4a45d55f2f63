package io.workerpool.core.cancel;

import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Instants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cancelled jobs that one process has read or sent: the first cancel of each job, and the listeners
 * to tell when a job is cancelled. Thread-safe.
 *
 * <p>An entry is forgotten {@code retention} after its job's deadline, or after the cancel was
 * sent when the deadline is unknown. No task runs after its deadline, so a forgotten cancel
 * cannot let a task of that job run again.
 */
public final class CancelRegistry {

  private static final Logger log = LoggerFactory.getLogger(CancelRegistry.class);
  private static final int EVICTION_INTERVAL = 1024;

  private final ConcurrentHashMap<String, Cancel> cancels = new ConcurrentHashMap<>();
  private final List<Consumer<Cancel>> listeners = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private final Duration retention;
  private int recordsSinceEviction;

  public CancelRegistry(Clock clock, Duration retention) {
    this.clock = clock;
    this.retention = retention;
  }

  /** Calls {@code listener} on the recording thread for the first cancel of each job. */
  public void addListener(Consumer<Cancel> listener) {
    listeners.add(listener);
  }

  /**
   * Records a cancel and calls the listeners when it is the job's first.
   *
   * @return true when this was the first cancel of its job
   */
  public boolean record(Cancel cancel) {
    if (cancels.putIfAbsent(cancel.jobId(), cancel) != null) {
      return false;
    }
    for (Consumer<Cancel> listener : listeners) {
      try {
        listener.accept(cancel);
      } catch (RuntimeException e) {
        log.error("Cancel listener failed for job {}", cancel.jobId(), e);
      }
    }
    maybeEvict();
    return true;
  }

  public Optional<Cancel> find(String jobId) {
    return Optional.ofNullable(cancels.get(jobId));
  }

  public boolean isCancelled(String jobId) {
    return cancels.containsKey(jobId);
  }

  public int size() {
    return cancels.size();
  }

  private synchronized void maybeEvict() {
    if (++recordsSinceEviction < EVICTION_INTERVAL) {
      return;
    }
    recordsSinceEviction = 0;
    Instant now = clock.instant();
    cancels.values().removeIf(cancel -> expiry(cancel).isBefore(now));
  }

  private Instant expiry(Cancel cancel) {
    Instant base = cancel.deadline() != null ? cancel.deadline() : cancel.cancelledAt();
    return Instants.plusSaturating(base, retention);
  }
}
