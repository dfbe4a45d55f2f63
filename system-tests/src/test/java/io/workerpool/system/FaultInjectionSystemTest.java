package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.cli.RoleProcess;
import io.workerpool.core.client.PendingJob;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Injects faults into real role processes while jobs run, then checks each job against the
 * dataset: no task lost, no result counted twice, exactly one outcome. It prints the figures and
 * writes them to {@code target/fault-injection-report.txt}.
 */
class FaultInjectionSystemTest {

  /** A user with 2,468 friends, listed in pages of 100 that take 300 ms each. */
  private static final int BIG_USER = 13638;
  /** A user with 320 friends. */
  private static final int SMALL_USER = 35828;
  /** Long enough for a killed worker's tasks to come back after its share session ends. */
  private static final Duration DEADLINE = Duration.ofSeconds(150);
  private static final Duration MID_JOB = Duration.ofSeconds(60);

  private static final FaultReport report = new FaultReport();
  private static PoolFixture pool;
  private static String producer = "producer";
  private static String reducer = "reducer";
  private static final List<String> workers = new ArrayList<>(List.of("worker-1", "worker-2"));
  private static int started;

  @BeforeAll
  static void startPool() throws Exception {
    pool = PoolFixture.start("faults", 2, Map.of(
        "PROFILE_FETCH_LATENCY", "20ms",
        "FRIENDS_LIST_PAGE_SIZE", "100",
        "FRIENDS_LIST_PAGE_LATENCY", "300ms"));
    pool.shortenShareSessions();
  }

  @AfterAll
  static void stopPool() throws Exception {
    if (pool != null) {
      pool.close();
    }
    report.publish(Path.of("target", "fault-injection-report.txt"));
  }

  @Test
  void workerKilledMidJob() throws Exception {
    runJobsThrough("worker SIGKILL", () -> {
      String victim = workers.remove(0);
      kill(victim);
      workers.add(start("worker"));
    });
  }

  @Test
  void reducerKilledMidJob() throws Exception {
    runJobsThrough("reducer SIGKILL", () -> {
      kill(reducer);
      reducer = start("reducer");
    });
  }

  @Test
  void producerKilledWhileListing() throws Exception {
    runJobsThrough("producer SIGKILL while listing", () -> {
      kill(producer);
      producer = start("producer");
    });
  }

  @Test
  void workersScaledFromTwoToFiveToOne() throws Exception {
    runJobsThrough("workers scaled 2 -> 5 -> 1", () -> {
      for (int i = 0; i < 3; i++) {
        workers.add(start("worker"));
      }
      await().atMost(MID_JOB).until(() -> pool.resultCount(lastBigJob) >= 1_200);
      while (workers.size() > 1) {
        RoleProcess stopped = pool.roles().role(workers.remove(0));
        stopped.terminate();
        assertThat(stopped.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
    });
  }

  @Test
  void everyProcessKilledAtOnce() throws Exception {
    runJobsThrough("every process SIGKILL at once", () -> {
      List<String> everyone = new ArrayList<>(workers);
      everyone.add(producer);
      everyone.add(reducer);
      for (String name : everyone) {
        pool.roles().role(name).process().destroyForcibly();
      }
      for (String name : everyone) {
        pool.roles().role(name).process().waitFor(30, TimeUnit.SECONDS);
      }
      workers.clear();
      producer = start("producer");
      reducer = start("reducer");
      workers.add(start("worker"));
      workers.add(start("worker"));
    });
  }

  /** An action that injects a fault. */
  private interface Fault {
    void inject() throws Exception;
  }

  private static String lastBigJob;

  /**
   * Submits a big and a small job, injects the fault once the big job's first results arrive
   * (its listing is still running then), and checks both jobs.
   */
  private static void runJobsThrough(String kind, Fault fault) throws Exception {
    try (PendingJob big = pool.submit(BIG_USER, DEADLINE);
        PendingJob small = pool.submit(SMALL_USER, DEADLINE)) {
      lastBigJob = big.jobId();
      await().atMost(MID_JOB).until(() -> pool.resultCount(big.jobId()) >= 50);
      boolean listingRunning = !pool.listingFinished(big.jobId());

      fault.inject();
      report.faultInjected(kind);

      check(kind, big, BIG_USER);
      check(kind, small, SMALL_USER);
      assertThat(listingRunning).as("the big job was still listing at the fault").isTrue();
    }
  }

  private static void check(String kind, PendingJob job, int userId) throws Exception {
    JobOutcome outcome = job.awaitOutcome(DEADLINE);
    await().atMost(MID_JOB).until(pool::reducersCommittedEverything);
    JsonNode expected = PoolFixture.expectedFriendsMap(userId);
    int tasks = expected.size();
    long lost = 0;
    for (Iterator<String> logins = expected.fieldNames(); logins.hasNext(); ) {
      if (outcome.result() == null || !outcome.result().has(logins.next())) {
        lost++;
      }
    }
    long countedTwice = Math.max(0, outcome.stats().completed() - tasks);
    int outcomes = pool.outcomesOf(job.jobId()).size();
    long repeatedRuns = pool.resultsPerTask(job.jobId()).values().stream()
        .mapToLong(count -> count - 1).sum();
    report.add(new FaultReport.JobFigures(kind, job.jobId(), tasks, lost, countedTwice,
        outcomes, repeatedRuns));

    assertThat(outcome.status()).as(outcome.toString()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(lost).as("tasks lost").isZero();
    assertThat(countedTwice).as("results counted twice").isZero();
    assertThat(outcomes).as("outcomes of job " + job.jobId()).isEqualTo(1);
    assertThat(outcome.result()).isEqualTo(expected);
  }

  private static void kill(String name) throws InterruptedException {
    pool.roles().role(name).kill();
  }

  private static String start(String role) throws Exception {
    started++;
    String name = role + "-" + (100 + started);
    pool.roles().startRole(role, name);
    return name;
  }
}
