package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.workerpool.core.client.PendingJob;
import io.workerpool.friends.SocialGraph;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.JobStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The friends job end to end: a producer, two workers and a reducer as separate processes on a
 * real broker. Profile fetches take 20 ms and the producer lists 100 friend ids per 50 ms page,
 * so the big jobs below run for seconds and can be cancelled mid-run.
 */
class FriendsJobSystemTest {

  /** 320 friends. */
  private static final int USER_WITH_HUNDREDS = 35828;
  /** 2,958 friends, among them {@link #FAILING_FRIEND}. */
  private static final int USER_WITH_FAILING_FRIEND = 19222;
  /** The profile source fails for this user; no other user of these tests has it as friend. */
  private static final int FAILING_FRIEND = 22;
  /** 2,468 friends. */
  private static final int USER_FOR_CANCEL = 13638;
  /** The dataset's largest friend list: 9,458 tasks and an outcome of about 570 KB. */
  private static final int USER_WITH_MOST_FRIENDS = 31890;
  /** 2,343 friends. */
  private static final int USER_FOR_DEADLINE = 36652;

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private static PoolFixture pool;

  @BeforeAll
  static void startPool() throws Exception {
    SocialGraph graph = SocialGraph.github();
    assertThat(graph.friendsOf(USER_WITH_FAILING_FRIEND)).contains(FAILING_FRIEND);
    for (int user : new int[] {0, USER_WITH_HUNDREDS, USER_FOR_CANCEL, USER_FOR_DEADLINE,
        USER_WITH_MOST_FRIENDS}) {
      assertThat(graph.friendsOf(user)).doesNotContain(FAILING_FRIEND);
    }
    pool = PoolFixture.start("friends", 2, Map.of(
        "PROFILE_FETCH_LATENCY", "20ms",
        "PROFILE_FAIL_ON_IDS", String.valueOf(FAILING_FRIEND),
        "FRIENDS_LIST_PAGE_LATENCY", "50ms"));
  }

  @AfterAll
  static void stopPool() throws Exception {
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void userZeroHasExactlyAirtoxin() throws Exception {
    JobOutcome outcome = pool.run(0, DEADLINE);

    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result().toString())
        .isEqualTo("{\"airtoxin\":{\"id\":23977,\"name\":\"airtoxin\",\"ml_target\":0}}");
    assertThat(outcome.stats()).isEqualTo(new JobStats(1, 1, 0, 0));
    assertThat(outcome.error()).isNull();
  }

  @Test
  void userWithHundredsOfFriendsMatchesDataset() throws Exception {
    JobOutcome outcome = pool.run(USER_WITH_HUNDREDS, DEADLINE);

    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result()).isEqualTo(PoolFixture.expectedFriendsMap(USER_WITH_HUNDREDS));
    assertThat(outcome.result().size()).isEqualTo(320);
    assertThat(outcome.stats()).isEqualTo(new JobStats(320, 320, 0, 0));
  }

  @Test
  void userWithMostFriendsFitsDefaultLimits() throws Exception {
    JobOutcome outcome = pool.run(USER_WITH_MOST_FRIENDS, Duration.ofSeconds(120));

    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result()).isEqualTo(PoolFixture.expectedFriendsMap(USER_WITH_MOST_FRIENDS));
    assertThat(outcome.stats()).isEqualTo(new JobStats(9_458, 9_458, 0, 0));
  }

  @Test
  void failingTaskCancelsWholeJob() throws Exception {
    int friends = SocialGraph.github().friendsOf(USER_WITH_FAILING_FRIEND).length;

    JobOutcome outcome = pool.run(USER_WITH_FAILING_FRIEND, DEADLINE);

    assertThat(outcome.status()).isEqualTo(JobStatus.FAILED);
    assertThat(outcome.error().step()).isEqualTo(Step.TASK);
    assertThat(outcome.error().taskId()).startsWith(outcome.jobId() + "#");
    assertThat(outcome.error().message())
        .contains("task " + outcome.error().taskId())
        .contains("friend " + FAILING_FRIEND)
        .contains("profile source failed for user " + FAILING_FRIEND);
    JobStats stats = outcome.stats();
    assertThat(stats.listed()).as("tasks listed before the producer stopped").isLessThan(friends);
    assertThat(stats.failed()).isEqualTo(1);
    assertThat(stats.skipped()).as("tasks dropped or aborted").isGreaterThan(stats.completed());
    assertThat(stats.completed() + stats.failed() + stats.skipped()).isEqualTo(stats.listed());
    assertThat(outcome.result()).isNull();
  }

  @Test
  void clientCancelEndsJobCancelled() throws Exception {
    try (PendingJob job = pool.submit(USER_FOR_CANCEL, DEADLINE)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> pool.resultCount(job.jobId()) >= 10);

      pool.cancel(job.jobId());
      JobOutcome outcome = job.awaitOutcome(DEADLINE);

      assertThat(outcome.status()).isEqualTo(JobStatus.CANCELLED);
      assertThat(outcome.error().step()).isEqualTo(Step.CLIENT);
      assertThat(outcome.error().message()).contains("requested by the test");
      assertThat(outcome.stats().completed()).isGreaterThanOrEqualTo(10);
      assertThat(outcome.stats().completed()).isLessThan(2_468);
      assertThat(outcome.stats().skipped()).isPositive();
    }
  }

  @Test
  void passedDeadlineEndsJobTimedOut() throws Exception {
    JobOutcome outcome = pool.run(USER_FOR_DEADLINE, Duration.ofSeconds(1));

    assertThat(outcome.status()).isEqualTo(JobStatus.TIMED_OUT);
    assertThat(outcome.error().step()).isEqualTo(Step.DEADLINE);
    assertThat(outcome.error().message()).contains("deadline");
    assertThat(outcome.stats().completed()).isLessThan(2_343);
  }

  @Test
  void cancellingOneJobLeavesOtherIntact() throws Exception {
    try (PendingJob cancelled = pool.submit(USER_FOR_CANCEL, DEADLINE);
        PendingJob untouched = pool.submit(USER_WITH_HUNDREDS, DEADLINE)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> pool.resultCount(untouched.jobId()) >= 1);

      pool.cancel(cancelled.jobId());

      JobOutcome cancelledOutcome = cancelled.awaitOutcome(DEADLINE);
      JobOutcome untouchedOutcome = untouched.awaitOutcome(DEADLINE);
      assertThat(cancelledOutcome.status()).isEqualTo(JobStatus.CANCELLED);
      assertThat(untouchedOutcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(untouchedOutcome.result())
          .isEqualTo(PoolFixture.expectedFriendsMap(USER_WITH_HUNDREDS));
      assertThat(untouchedOutcome.stats()).isEqualTo(new JobStats(320, 320, 0, 0));
    }
  }
}
