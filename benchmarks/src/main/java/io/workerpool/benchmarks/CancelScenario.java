package io.workerpool.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.benchmarks.BenchClient.Arrival;
import io.workerpool.benchmarks.BenchClient.Submission;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.JobEvent;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.ListingFinished;
import io.workerpool.protocol.ListingFinished.ListingStatus;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.TaskResult;
import io.workerpool.protocol.TaskStatus;
import io.workerpool.protocol.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Measures how fast a task failure stops a job everywhere, from the records on the pool's
 * topics. The failure time is the cancel's {@code cancelledAt}, set by the failing worker. The
 * producer's last listed task and each task's end are the create timestamps of the task and
 * result records (set by the sending role's producer, in whole milliseconds). The outcome's time
 * is its {@code finishedAt}. All roles run on this machine, so they share one clock.
 */
final class CancelScenario implements AutoCloseable {

  private static final Duration DEADLINE = Duration.ofMinutes(10);
  private static final Duration AWAIT = Duration.ofMinutes(5);
  /** Prefix of the error of a task a worker interrupted, as TaskRunner writes it. */
  private static final String ABORTED = "aborted while running";

  private final Plan plan;
  private final BenchClient client;
  private final Figures figures;
  private final TopicReader tasks;
  private final TopicReader results;
  private final TopicReader cancels;

  /** The record of one failed job, as the topics show it. */
  private record JobTimes(Double producerStopMillis, double workerStopMillis,
      double outcomeMillis, long ran, long startedAfterFailure, long aborted) {}

  CancelScenario(Plan plan, KafkaClients clients, Topics topics, BenchClient client,
      Figures figures) {
    this.plan = plan;
    this.client = client;
    this.figures = figures;
    this.tasks = new TopicReader(clients, topics.tasks());
    this.results = new TopicReader(clients, topics.results());
    this.cancels = new TopicReader(clients, topics.cancels());
  }

  /** Runs the failing jobs of one run and the counting job, and adds their figures. */
  void run() throws TimeoutException {
    List<Double> producerStop = new ArrayList<>();
    List<Double> workerStop = new ArrayList<>();
    List<Double> outcome = new ArrayList<>();
    for (int i = 0; i < plan.cancelJobs(); i++) {
      // A 1 ms pause before each listed task keeps the producer listing when task 4 fails.
      JobTimes times = runFailingJob(plan.cancelJobTasks(), "1ms");
      if (times.producerStopMillis() != null) {
        producerStop.add(times.producerStopMillis());
      }
      workerStop.add(times.workerStopMillis());
      outcome.add(times.outcomeMillis());
    }
    String jobs = plan.cancelJobTasks() + "-task jobs of 20 ms sleeps, task 4 fails";
    if (!producerStop.isEmpty()) {
      addPercentiles("cancel.producer_stop", "failure to the producer's last listed task, "
          + jobs + " and 1 ms listing pauses", producerStop);
    }
    addPercentiles("cancel.worker_stop", "failure to the end of the job's last running task, "
        + jobs, workerStop);
    addPercentiles("cancel.outcome", "failure to the outcome's finishedAt, " + jobs, outcome);

    JobTimes counted = runFailingJob(plan.countingJobTasks(), null);
    String job = plan.countingJobTasks() + "-task job of 20 ms sleeps whose task 4 fails";
    figures.add("cancel.counting.tasks_ran", "tasks",
        "tasks that ran (completed + failed) in a " + job, counted.ran());
    figures.addDetail("cancel.counting.started_after_failure", "tasks",
        "completed tasks that started after the failure, " + job,
        counted.startedAfterFailure());
    figures.addDetail("cancel.counting.aborted", "tasks",
        "tasks interrupted while running, " + job, counted.aborted());
  }

  private JobTimes runFailingJob(int taskCount, String listDelay) throws TimeoutException {
    var params = Scenarios.tasks(taskCount).put("sleep", "20ms").put("failAt", 4);
    if (listDelay != null) {
      params.put("listDelay", listDelay);
    }
    Submission job = client.submit(SleepJob.TYPE, params, DEADLINE);
    Arrival arrival = client.await(job.jobId(), AWAIT);
    JobOutcome outcome = arrival.outcome();
    if (outcome.status() != JobStatus.FAILED) {
      throw new IllegalStateException("job " + job.jobId() + " ended " + outcome.status()
          + " although task 4 fails");
    }
    return analyse(job.jobId(), outcome);
  }

  private JobTimes analyse(String jobId, JobOutcome outcome) {
    Instant failedAt = null;
    for (ConsumerRecord<String, byte[]> record : cancels.drain()) {
      if (jobId.equals(record.key()) && failedAt == null) {
        failedAt = MessageCodec.decode(record.value(), Cancel.class).cancelledAt();
      }
    }
    if (failedAt == null) {
      throw new IllegalStateException("no cancel record for failed job " + jobId);
    }
    long failedMillis = failedAt.toEpochMilli();
    long failedMicros = TimeUnit.SECONDS.toMicros(failedAt.getEpochSecond())
        + failedAt.getNano() / 1_000;

    long lastListed = Long.MIN_VALUE;
    for (ConsumerRecord<String, byte[]> record : tasks.drain()) {
      if (record.key().startsWith(jobId + "#")) {
        lastListed = Math.max(lastListed, record.timestamp());
      }
    }
    ListingStatus listing = null;
    long lastStop = failedMillis;
    long startedAfter = 0;
    long aborted = 0;
    for (ConsumerRecord<String, byte[]> record : results.drain()) {
      if (!jobId.equals(record.key())) {
        continue;
      }
      JobEvent event = MessageCodec.decode(record.value(), JobEvent.class);
      if (event instanceof ListingFinished finished) {
        listing = finished.status();
      } else if (event instanceof TaskResult result && ran(result)) {
        lastStop = Math.max(lastStop, record.timestamp());
        aborted += result.status() == TaskStatus.SKIPPED ? 1 : 0;
        JsonNode started = result.output() == null ? null : result.output().get("startedAt");
        if (started != null && started.asLong() > failedMicros) {
          startedAfter++;
        }
      }
    }
    // The producer stopped early only if its listing report states it; a listing that completed
    // before the failure has no stop to measure.
    Double producerStop = listing == ListingStatus.STOPPED
        ? (double) Math.max(0, lastListed - failedMillis) : null;
    double outcomeMillis = Duration.between(failedAt, outcome.finishedAt()).toNanos() / 1e6;
    long ran = outcome.stats().completed() + outcome.stats().failed();
    return new JobTimes(producerStop, lastStop - failedMillis, outcomeMillis, ran,
        startedAfter, aborted);
  }

  /** Returns whether the task ran: it completed, failed, or was interrupted while running. */
  private static boolean ran(TaskResult result) {
    return result.status() != TaskStatus.SKIPPED
        || (result.error() != null && result.error().message().startsWith(ABORTED));
  }

  private void addPercentiles(String name, String description, List<Double> millis) {
    figures.add(name + ".p50_ms", "ms", description + ", p50 of " + millis.size(),
        Stats.percentile(millis, 50));
    figures.add(name + ".p99_ms", "ms", description + ", p99 of " + millis.size(),
        Stats.percentile(millis, 99));
  }

  @Override
  public void close() {
    tasks.close();
    results.close();
    cancels.close();
  }
}
