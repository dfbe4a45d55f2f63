package io.workerpool.producer;

import io.workerpool.core.config.Settings;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.core.runtime.ServiceRunner;
import java.time.Duration;

/**
 * Starts a producer process. Besides the common settings it reads {@code PRODUCER_GROUP_ID}
 * (default: the topic prefix followed by
 * {@code producer}) and the job handlers' listing settings.
 */
public final class ProducerMain {

  private static final Duration GRACE = Duration.ofSeconds(30);

  private ProducerMain() {}

  public static void main(String[] args) {
    System.exit(run(Settings.fromEnvironment()));
  }

  /** Runs a producer until it is stopped, and returns the exit status. */
  public static int run(Settings settings) {
    return ServiceRunner.runRole("producer", settings, GRACE, config -> {
      String groupId = config.string("PRODUCER_GROUP_ID",
          PoolSettings.from(config).defaultGroupId("producer"));
      JobHandlers handlers = JobHandlers.load(config);
      return runtime -> new ProducerService(runtime, handlers, groupId);
    });
  }
}
