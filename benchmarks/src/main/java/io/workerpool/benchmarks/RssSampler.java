package io.workerpool.benchmarks;

import io.workerpool.cli.RoleProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the resident set size (VmRSS in /proc/PID/status, Linux only) of the pool's roles
 * every 100 ms on its own thread, and keeps each role's maximum over a window.
 */
final class RssSampler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RssSampler.class);
  private static final long INTERVAL_MILLIS = 100;

  private final Supplier<List<RoleProcess>> roles;
  private final Thread thread;
  private final Map<String, Long> maxKilobytes = new LinkedHashMap<>();
  private volatile boolean running = true;

  RssSampler(Supplier<List<RoleProcess>> roles) {
    this.roles = roles;
    this.thread = new Thread(this::run, "rss-sampler");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Starts a new window, forgetting the previous maximums. */
  synchronized void begin() {
    maxKilobytes.clear();
    sample();
  }

  /**
   * Ends the window and returns each role's maximum RSS in MiB, keyed by its kind and position:
   * producer, reducer, worker-1, worker-2 and so on.
   */
  synchronized Map<String, Double> end() {
    sample();
    Map<String, Double> mebibytes = new LinkedHashMap<>();
    maxKilobytes.forEach((role, kilobytes) -> mebibytes.put(role, kilobytes / 1024.0));
    return mebibytes;
  }

  private void run() {
    while (running) {
      synchronized (this) {
        sample();
      }
      try {
        Thread.sleep(INTERVAL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    int worker = 0;
    for (RoleProcess role : roles.get()) {
      String label = role.name().startsWith("worker-") ? "worker-" + (++worker) : role.name();
      OptionalLong kilobytes = readRssKilobytes(role.pid());
      if (kilobytes.isPresent()) {
        maxKilobytes.merge(label, kilobytes.getAsLong(), Math::max);
      }
    }
  }

  /** Reads VmRSS in kB, or returns empty when the process has exited. */
  static OptionalLong readRssKilobytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
      }
    } catch (IOException e) {
      log.debug("Cannot read the status of process {}: {}", pid, e.toString());
    }
    return OptionalLong.empty();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(1_000);
  }
}
