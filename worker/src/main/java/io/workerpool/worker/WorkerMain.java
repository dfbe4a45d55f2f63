package io.workerpool.worker;

import io.workerpool.core.config.Durations;
import io.workerpool.core.config.Settings;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.core.kafka.TopicSetup;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.core.runtime.ServiceRunner;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Starts a worker process. Besides the common settings it reads {@code WORKER_QUEUE},
 * {@code WORKER_GROUP_ID}, {@code WORKER_CONCURRENCY}, {@code WORKER_CONSUMERS}, {@code WORKER_POLL_RECORDS},
 * {@code WORKER_RECORD_LOCK} and the job
 * handlers' settings, such as the friends job's
 * {@code PROFILE_FETCH_LATENCY} and {@code PROFILE_FAIL_ON_IDS}.
 */
public final class WorkerMain {

  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);
  private static final Duration GRACE = Duration.ofSeconds(30);

  private WorkerMain() {}

  public static void main(String[] args) {
    System.exit(run(Settings.fromEnvironment()));
  }

  /** Runs a worker until it is stopped, and returns the exit status. */
  public static int run(Settings settings) {
    return ServiceRunner.runRole("worker", settings, GRACE, config -> {
      WorkerSettings worker = WorkerSettings.from(config);
      JobHandlers handlers = JobHandlers.load(config);
      return runtime -> {
        try (Admin admin = runtime.clients().newAdmin()) {
          if (worker.queue() != null) {
            TopicSetup.of(admin, PoolSettings.from(config)).ensureQueueTopic(worker.queue());
          }
          TopicSetup.configureShareGroup(admin, worker.groupId(), worker.recordLock());
        }
        RunningTasks running = new RunningTasks();
        WorkerMetrics metrics = new WorkerMetrics(runtime.meters(), runtime.clock(), running);
        runtime.cancels().addListener(cancel -> {
          metrics.recordCancel(cancel);
          int interrupted = running.interrupt(cancel.jobId());
          if (interrupted > 0) {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("jobId", cancel.jobId())) {
              log.info("Aborting {} running tasks of cancelled job {}", interrupted,
                  cancel.jobId());
            }
          }
        });
        log.info("Worker runs up to {} tasks at once of topic {}, fed by {} consumers taking up "
            + "to {} per poll, in share group {} with a record lock of {}", worker.concurrency(),
            worker.tasksTopic(runtime.topics()), worker.consumers(), worker.pollRecords(),
            worker.groupId(), Durations.format(worker.recordLock()));
        return new WorkerService(runtime, worker, output -> new TaskRunner(handlers,
            runtime.cancels(), running, output, runtime.clock(), runtime.identity(),
            worker.retries()), running, metrics, ResultSizeLimit.from(config));
      };
    });
  }
}
