package io.workerpool.core.runtime;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs a role process. It reads the role's settings, connects to Kafka and runs the main loop on
 * the calling thread. When the JVM is asked to stop (SIGTERM, Ctrl-C), the loop gets a grace
 * period to finish before the Kafka clients close.
 */
public final class ServiceRunner {

  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  /** Exit status for invalid settings. */
  public static final int EXIT_INVALID_SETTINGS = 2;

  /** A role's main loop. */
  public interface Service {

    /** Runs until {@link #stop()} is called; returns after closing what it opened. */
    void run() throws Exception;

    /** Asks {@link #run()} to return soon; called from another thread. */
    void stop();
  }

  /** Reads a role's settings, before it connects to Kafka, and returns how to build it. */
  @FunctionalInterface
  public interface RoleSetup {
    ServiceFactory configure(Settings settings) throws Exception;
  }

  /** Builds a role's main loop once the process is connected. */
  @FunctionalInterface
  public interface ServiceFactory {
    Service create(RoleRuntime runtime) throws Exception;
  }

  private ServiceRunner() {}

  /**
   * Runs a role and returns the process exit status: 0 after a clean stop,
   * {@value #EXIT_INVALID_SETTINGS} for invalid settings, 1 for any other failure.
   */
  public static int runRole(String role, Settings settings, Duration grace, RoleSetup setup) {
    try {
      ServiceFactory factory = setup.configure(settings);
      try (RoleRuntime runtime = RoleRuntime.start(role, settings, Clock.systemUTC())) {
        return run(runtime, factory.create(runtime), grace);
      }
    } catch (ConfigException e) {
      System.err.println(role + ": " + e.getMessage());
      return EXIT_INVALID_SETTINGS;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (IllegalStateException e) {
      // Start-up failures such as an unreachable cluster carry their own explanation.
      log.error("{} failed to start: {}", role, e.getMessage());
      return 1;
    } catch (Exception e) {
      log.error("{} failed to start", role, e);
      return 1;
    }
  }

  private static int run(RoleRuntime runtime, Service service, Duration grace) {
    String name = runtime.identity();
    CountDownLatch stopped = new CountDownLatch(1);
    onStop(() -> {
      log.info("{} stopping", name);
      runtime.setState(RoleState.DRAINING);
      service.stop();
      startWatchdog(name, stopped, grace);
      awaitQuietly(stopped, grace);
    });

    runtime.setState(RoleState.RUNNING);
    log.info("{} started", name);
    try {
      service.run();
      log.info("{} stopped", name);
      return 0;
    } catch (Exception e) {
      log.error("{} failed", name, e);
      return 1;
    } finally {
      runtime.setState(RoleState.STOPPED);
      stopped.countDown();
    }
  }

  /**
   * Runs {@code action} once when the process receives SIGTERM or SIGINT, or when the JVM exits
   * for another reason. After a signal, the process exits with the status its main thread
   * returns, rather than the 143 or 130 that the JVM's default handling gives.
   */
  public static void onStop(Runnable action) {
    AtomicBoolean done = new AtomicBoolean();
    Runnable once = () -> {
      if (done.compareAndSet(false, true)) {
        action.run();
      }
    };
    handleSignal("TERM", once);
    handleSignal("INT", once);
    Runtime.getRuntime().addShutdownHook(new Thread(once, "shutdown"));
  }

  /** Ends the process with status 1 when the main loop has not drained within the grace. */
  private static void startWatchdog(String name, CountDownLatch stopped, Duration grace) {
    Thread watchdog = new Thread(() -> {
      try {
        if (!stopped.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          log.error("{} did not stop within {}; halting", name, grace);
          Runtime.getRuntime().halt(1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private static void handleSignal(String signal, Runnable action) {
    try {
      Signal.handle(new Signal(signal), received -> action.run());
    } catch (IllegalArgumentException e) {
      log.debug("Cannot handle SIG{} on this platform; the shutdown hook covers it", signal);
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
