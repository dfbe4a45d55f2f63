package io.workerpool.worker;

import java.time.Duration;

/**
 * How often a worker runs a task whose handler reports a retriable failure, and how long it
 * waits between attempts: {@code firstBackoff}, doubled after each attempt, at most
 * {@link #MAX_BACKOFF}.
 *
 * @param maxAttempts attempts in all, from {@code WORKER_TASK_ATTEMPTS} (default 3); 1 means no
 *     retry
 * @param firstBackoff the wait before the second attempt, from {@code WORKER_RETRY_BACKOFF}
 *     (default 100ms)
 */
record RetryPolicy(int maxAttempts, Duration firstBackoff) {

  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /** Three attempts, 100 ms then 200 ms apart. */
  static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(100));

  /** Returns the wait after attempt {@code attempt} (from 1) failed. */
  Duration backoffAfter(int attempt) {
    Duration backoff = firstBackoff;
    for (int i = 1; i < attempt && backoff.compareTo(MAX_BACKOFF) < 0; i++) {
      backoff = backoff.multipliedBy(2);
    }
    return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
  }
}
