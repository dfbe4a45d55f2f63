package io.workerpool.profiles;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Settings;
import io.workerpool.core.runtime.ServiceRunner;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the profile service and runs it until the JVM is asked to stop (SIGTERM, Ctrl-C). It
 * reads {@code PROFILE_SERVICE_BIND}, {@code PROFILE_SERVICE_PORT},
 * {@code PROFILE_SERVICE_LATENCY}, {@code PROFILE_SERVICE_FAIL_ON_IDS} and
 * {@code PROFILE_SERVICE_THREADS}.
 */
public final class ProfileServiceMain {

  private static final Logger log = LoggerFactory.getLogger(ProfileServiceMain.class);

  private ProfileServiceMain() {}

  /** Runs the service with the settings of the environment, then exits with its status. */
  public static void main(String[] args) {
    System.exit(run(Settings.fromEnvironment()));
  }

  /**
   * Runs the service until the JVM is asked to stop, and returns the exit status. The status is
   * 0 after a stop, 1 when the server cannot start, and
   * {@value ServiceRunner#EXIT_INVALID_SETTINGS} for invalid settings, which are reported in one
   * line on stderr.
   */
  public static int run(Settings settings) {
    ProfileService service;
    try {
      service = ProfileService.start(ProfileServiceSettings.from(settings));
    } catch (ConfigException e) {
      System.err.println("profile-service: " + e.getMessage());
      return ServiceRunner.EXIT_INVALID_SETTINGS;
    } catch (IOException e) {
      log.error("Profile service failed to start: {}", e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    ServiceRunner.onStop(() -> {
      service.close();
      stopped.countDown();
    });
    try {
      stopped.await();
      return 0;
    } catch (InterruptedException e) {
      service.close();
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
