package io.workerpool.system;

import io.workerpool.cli.RoleProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker processes that are started again when they exit, as a supervisor such as Kubernetes
 * would restart them, so a test can watch a fleet survive tasks that crash workers.
 */
final class WorkerFleet implements AutoCloseable {

  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final Map<String, String> environment;
  private final List<RoleProcess> workers = new ArrayList<>();
  private final List<Integer> exitStatuses = new ArrayList<>();
  private final AtomicInteger started = new AtomicInteger();
  private final ScheduledExecutorService supervisor =
      Executors.newSingleThreadScheduledExecutor();

  private WorkerFleet(Map<String, String> environment) {
    this.environment = environment;
  }

  /** Starts {@code size} workers with the pool's settings and keeps that many running. */
  static WorkerFleet start(int size, Map<String, String> environment) {
    WorkerFleet fleet = new WorkerFleet(environment);
    synchronized (fleet) {
      for (int i = 0; i < size; i++) {
        fleet.workers.add(fleet.startWorker());
      }
    }
    fleet.supervisor.scheduleWithFixedDelay(fleet::restartExited, 200, 200,
        TimeUnit.MILLISECONDS);
    return fleet;
  }

  /** Returns the exit statuses of the workers that exited so far. */
  synchronized List<Integer> exitStatuses() {
    return List.copyOf(exitStatuses);
  }

  private synchronized void restartExited() {
    for (int i = 0; i < workers.size(); i++) {
      RoleProcess worker = workers.get(i);
      if (!worker.isAlive()) {
        exitStatuses.add(worker.process().exitValue());
        workers.set(i, startWorker());
      }
    }
  }

  private RoleProcess startWorker() {
    try {
      return RoleProcess.start("fleet-worker-" + started.incrementAndGet(),
          "io.workerpool.worker.WorkerMain", environment, JVM_OPTIONS, System.err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a worker process", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    supervisor.shutdownNow();
    supervisor.awaitTermination(10, TimeUnit.SECONDS);
    List<RoleProcess> running;
    synchronized (this) {
      running = List.copyOf(workers);
    }
    running.forEach(RoleProcess::terminate);
    for (RoleProcess worker : running) {
      worker.close();
    }
  }
}
