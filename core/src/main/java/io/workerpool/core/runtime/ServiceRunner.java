package io.workerpool.core.runtime;

import io.workerpool.core.config.ConfigException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a role's main loop on the calling thread until the loop ends or the JVM is asked to stop
 * (SIGTERM, Ctrl-C), then lets the loop drain and close within a grace period.
 */
public final class ServiceRunner {

  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  /** A role's main loop. */
  public interface Service {

    /** Runs until {@link #stop()} is called; returns after closing what it opened. */
    void run() throws Exception;

    /** Asks {@link #run()} to return soon; called from another thread. */
    void stop();
  }

  /** A role's start-up, which may fail on configuration. */
  @FunctionalInterface
  public interface Startup {
    void run() throws Exception;
  }

  private ServiceRunner() {}

  /** Runs the service and returns the process exit status. */
  public static int run(String name, Service service, Duration grace) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      log.info("{} stopping", name);
      service.stop();
      awaitQuietly(stopped, grace);
    }, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      service.run();
      log.info("{} stopped", name);
      return 0;
    } catch (Exception e) {
      log.error("{} failed", name, e);
      return 1;
    } finally {
      stopped.countDown();
    }
  }

  /** Runs a role's start-up, turning a configuration error into a one-line message. */
  public static int start(String name, Startup startup) {
    try {
      startup.run();
      return 0;
    } catch (ConfigException e) {
      System.err.println(name + ": " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      log.error("{} failed to start", name, e);
      return 1;
    }
  }

  private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Still stopping after {}; exiting anyway", timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
