package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.workerpool.client.JobFuture;
import io.workerpool.client.JobOutcomes;
import io.workerpool.client.JobSpec;
import io.workerpool.client.WorkerPoolClient;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.friends.SocialGraph;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link WorkerPoolClient} on a pool of real role processes: a producer, two workers and a
 * reducer. Each profile fetch takes 200 ms, so a job of thousands of friends runs for a minute
 * or more unless it is cancelled or times out.
 */
class WorkerPoolClientSystemTest {

  private static final String ORIGIN = "client-system-test";
  /** 2,468 friends. */
  private static final int USER_FOR_CANCEL = 13638;
  /** 2,343 friends. */
  private static final int USER_FOR_DEADLINE = 36652;
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static PoolFixture pool;
  private static WorkerPoolClient client;

  @BeforeAll
  static void startPool() throws Exception {
    pool = PoolFixture.start("client", 2, Map.of("PROFILE_FETCH_LATENCY", "200ms"));
    client = WorkerPoolClient.builder(pool.environment().get(KafkaClients.BOOTSTRAP_SERVERS))
        .topicPrefix(pool.topics().prefix())
        .origin(ORIGIN)
        .build();
  }

  @AfterAll
  static void stopPool() throws Exception {
    if (client != null) {
      client.close();
    }
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void friendsJobCompletesWithResult() {
    JobFuture future = client.submit(friendsJob(0, DEADLINE));

    JobOutcome outcome = future.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();

    assertThat(outcome.jobId()).isEqualTo(future.jobId());
    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.stats()).isEqualTo(new JobStats(1, 1, 0, 0));
    assertThat(JobOutcomes.resultOrThrow(outcome).toString())
        .isEqualTo("{\"airtoxin\":{\"id\":23977,\"name\":\"airtoxin\",\"ml_target\":0}}");
  }

  @Test
  void cancelledFutureCancelsJobEverywhere() {
    JobFuture future = client.submit(friendsJob(USER_FOR_CANCEL, DEADLINE));
    await().atMost(WAIT).until(() -> pool.resultCount(future.jobId()) >= 5);

    assertThat(future.cancel("requested by the test")).isTrue();

    assertThat(future.cancelSent()).succeedsWithin(WAIT);
    JobOutcome outcome = pool.awaitOutcome(future.jobId(), WAIT);
    assertThat(outcome.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(outcome.error().step()).isEqualTo(Step.CLIENT);
    assertThat(outcome.error().origin()).isEqualTo(ORIGIN);
    assertThat(outcome.error().message())
        .isEqualTo("cancelled by client " + ORIGIN + ": requested by the test");
    JobStats stats = outcome.stats();
    assertThat(stats.completed()).isGreaterThanOrEqualTo(5);
    assertThat(stats.completed() + stats.failed())
        .as("tasks that ran to the end, of %d listed", stats.listed())
        .isLessThan(stats.listed() / 4);
    assertThat(stats.skipped()).isPositive();
    assertThat(future).isCancelled();
  }

  @Test
  void shortDeadlineEndsTimedOut() {
    JobFuture future = client.submit(friendsJob(USER_FOR_DEADLINE, Duration.ofSeconds(1)));

    JobOutcome outcome = future.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();

    assertThat(outcome.status()).isEqualTo(JobStatus.TIMED_OUT);
    assertThat(outcome.error().step()).isEqualTo(Step.DEADLINE);
    assertThat(outcome.stats().completed()).isLessThan(2_343);
  }

  @Test
  void concurrentSubmissionsEachGetOwnOutcome() throws Exception {
    SocialGraph graph = SocialGraph.github();
    List<Integer> users = IntStream.range(1, graph.userCount())
        .filter(user -> graph.friendsOf(user).length >= 1 && graph.friendsOf(user).length <= 3)
        .limit(20)
        .boxed()
        .toList();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<JobFuture>> submitted = new ArrayList<>();
    try {
      for (int user : users) {
        submitted.add(threads.submit(() -> client.submit(friendsJob(user, DEADLINE))));
      }

      for (int i = 0; i < users.size(); i++) {
        JobFuture future = submitted.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JobOutcome outcome = future.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        assertThat(outcome.jobId()).isEqualTo(future.jobId());
        assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(outcome.result())
            .as("friends of user %d", users.get(i))
            .isEqualTo(PoolFixture.expectedFriendsMap(users.get(i)));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static JobSpec friendsJob(int userId, Duration deadline) {
    return JobSpec.builder("friends")
        .params(PoolFixture.userParams(userId))
        .deadline(deadline)
        .build();
  }
}
