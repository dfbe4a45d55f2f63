package io.workerpool.reducer;

import io.workerpool.core.config.Settings;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.core.runtime.ServiceRunner;
import java.time.Duration;

/**
 * Starts a reducer process. Besides the common settings it reads {@code REDUCER_GROUP_ID},
 * {@code REDUCER_SETTLE_TIMEOUT}, {@code REDUCER_ORPHAN_TIMEOUT},
 * {@code REDUCER_FINISHED_RETENTION} and {@code REDUCER_PROGRESS_INTERVAL}.
 */
public final class ReducerMain {

  private static final Duration GRACE = Duration.ofSeconds(30);

  private ReducerMain() {}

  public static void main(String[] args) {
    System.exit(run(Settings.fromEnvironment()));
  }

  /** Runs a reducer until it is stopped, and returns the exit status. */
  public static int run(Settings settings) {
    return ServiceRunner.runRole("reducer", settings, GRACE, config -> {
      ReducerSettings reducer = ReducerSettings.from(config);
      JobHandlers handlers = JobHandlers.load(config);
      return runtime -> new ReducerService(runtime, reducer, handlers);
    });
  }
}
