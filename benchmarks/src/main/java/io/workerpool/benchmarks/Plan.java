package io.workerpool.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * The sizes of one benchmark invocation.
 *
 * @param runs how many times each measurement is repeated
 * @param relayRecords records per relay run
 * @param bigJobTasks tasks of the one big no-op job
 * @param smallJobs how many small no-op jobs are submitted at once
 * @param smallJobTasks tasks of each small job
 * @param latencyJobs one-task jobs per latency run, at idle and at most under load
 * @param loadWindow the longest time spent on one-task jobs under load per run
 * @param cancelJobs failing jobs per cancel-latency run
 * @param cancelJobTasks tasks of each failing job
 * @param countingJobTasks tasks of the failing job whose executed tasks are counted
 * @param workerCounts worker process counts to measure
 * @param concurrencies values of {@code WORKER_CONCURRENCY} to measure I/O-bound scaling with
 * @param scalingTarget how long an I/O-bound job would take at full concurrency
 * @param warmupTasks no-op tasks run, unmeasured, after the workers change
 * @param friendsUser the user whose friends job the memory scenario runs
 * @param idleWindow how long the memory scenario samples an idle pool
 */
record Plan(int runs, int relayRecords, int bigJobTasks, int smallJobs, int smallJobTasks,
    int latencyJobs, Duration loadWindow, int cancelJobs, int cancelJobTasks,
    int countingJobTasks, List<Integer> workerCounts, List<Integer> concurrencies,
    Duration scalingTarget, int warmupTasks, int friendsUser, Duration idleWindow) {

  /** The default concurrency of a worker, used for every scenario but I/O-bound scaling. */
  static final int DEFAULT_CONCURRENCY = 8;

  /** The workers' default {@code WORKER_POLL_RECORDS} at the default concurrency. */
  static final int DEFAULT_POLL_RECORDS = 4 * DEFAULT_CONCURRENCY;

  /** The worker count of {@code bin/workerpool local}, used for latency, cancel and memory. */
  static final int DEFAULT_WORKERS = 2;

  static Plan full(int runs) {
    return new Plan(runs, 50_000, 20_000, 200, 10, 200, Duration.ofSeconds(30), 20, 200,
        2_000, List.of(1, 2, 4), List.of(4, 8, 16), Duration.ofSeconds(3), 2_000, 31890,
        Duration.ofSeconds(2));
  }

  /**
   * Returns a plan of a few seconds per scenario, for a smoke run: default workers only, and the
   * friends job of user 19222 (2,958 friends) in place of user 31890.
   */
  static Plan quick(int runs) {
    return new Plan(runs, 5_000, 2_000, 20, 10, 20, Duration.ofSeconds(2), 3, 200, 2_000,
        List.of(DEFAULT_WORKERS), List.of(DEFAULT_CONCURRENCY), Duration.ofSeconds(1), 500,
        19222, Duration.ofSeconds(1));
  }
}
