package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code workerpool} command as a user runs it, each run in its own JVM. */
class CommandLineSystemTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private static PoolFixture pool;

  @BeforeAll
  static void startPool() throws Exception {
    pool = PoolFixture.start("cli", 1, Map.of("PROFILE_FETCH_LATENCY", "20ms"));
  }

  @AfterAll
  static void stopPool() throws Exception {
    if (pool != null) {
      pool.close();
    }
  }

  private static JobOutcome parse(String stdout) {
    return MessageCodec.decode(stdout.getBytes(StandardCharsets.UTF_8), JobOutcome.class);
  }

  @Test
  void localRunsUserZeroOnItsOwnBroker() throws Exception {
    CommandRun run = CommandRun.of(Map.of(), TIMEOUT, "local", "--user", "0", "--workers", "1");

    assertThat(run.exitStatus()).isZero();
    JobOutcome outcome = parse(run.stdout());
    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result().toString())
        .isEqualTo("{\"airtoxin\":{\"id\":23977,\"name\":\"airtoxin\",\"ml_target\":0}}");
    assertThat(run.stderr()).contains("Submitted job " + outcome.jobId());
  }

  @Test
  void localFetchesFromProfileService() throws Exception {
    int failingFriend = io.workerpool.friends.SocialGraph.github().friendsOf(35828)[0];

    CommandRun run = CommandRun.of(Map.of(), TIMEOUT, "local", "--user", "35828",
        "--workers", "1", "--profile-service", "--fail-on", String.valueOf(failingFriend));

    assertThat(run.exitStatus()).isEqualTo(1);
    JobOutcome outcome = parse(run.stdout());
    assertThat(outcome.error().message()).contains("friend " + failingFriend)
        .contains("HTTP 500");
    assertThat(run.stderr()).contains("[profiles]");
  }

  @Test
  void localRunsTakeChainWithQueueWorkers() throws Exception {
    CommandRun run = CommandRun.of(Map.of(), TIMEOUT, "local", "--workers", "1",
        "--type", "repeat", "--params", "{\"values\":[1,2,3,4]}", "--take", "10",
        "--queue", "sources",
        "--stage", "multiply={\"by\":2}", "--stage", "add@adders={\"amount\":1}",
        "--stage", "multiply={\"by\":2}");

    assertThat(run.exitStatus()).isZero();
    JobOutcome outcome = parse(run.stdout());
    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result().toString()).isEqualTo("[6,10,14,18,6,10,14,18,6,10]");
    assertThat(run.stderr()).contains("[worker-adders]");
    assertThat(run.stderr()).contains("[worker-sources]");
  }

  @Test
  void localRejectsUnknownStageTypeBeforeStarting() throws Exception {
    CommandRun run = CommandRun.of(Map.of(), TIMEOUT, "local", "--type", "repeat",
        "--params", "{\"values\":[1]}", "--take", "1", "--stage", "divide={\"by\":2}");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.stderr()).contains("stage 1 (divide): unknown job type 'divide'");
    assertThat(run.stderr()).doesNotContain("Starting a local pool");
  }

  @Test
  void localRejectsZeroWorkersBeforeStarting() throws Exception {
    CommandRun run = CommandRun.of(Map.of(), TIMEOUT, "local", "--user", "0", "--workers", "0");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.stderr()).contains("invalid value 0 for option '--workers'");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void localRejectsUnknownUserBeforeStarting() throws Exception {
    CommandRun run = CommandRun.of(Map.of(), TIMEOUT, "local", "--user", "-1");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.stderr()).contains("user id -1 not found");
    assertThat(run.stderr()).doesNotContain("Starting a local pool");
  }

  @Test
  void submitRejectsZeroDeadline() throws Exception {
    CommandRun run = CommandRun.of(pool.environment(), TIMEOUT,
        "submit", "--user", "0", "--deadline", "0s");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.stderr()).contains("invalid deadline 0ms");
  }

  @Test
  void submitToClosedPortExitsSix() throws Exception {
    int closedPort = io.workerpool.cli.LoopbackPorts.free();

    CommandRun run = CommandRun.of(Map.of(), TIMEOUT,
        "submit", "--bootstrap-server", "127.0.0.1:" + closedPort, "--user", "0");

    assertThat(run.exitStatus()).isEqualTo(6);
    assertThat(run.stderr()).contains("127.0.0.1:" + closedPort)
        .contains("check --bootstrap-server");
  }

  @Test
  void submitPrintsOutcomeAndExitsZero() throws Exception {
    CommandRun run = CommandRun.of(pool.environment(), TIMEOUT, "submit", "--user", "0");

    assertThat(run.exitStatus()).isZero();
    JobOutcome outcome = parse(run.stdout());
    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(run.stderr()).contains("Submitted job " + outcome.jobId());
  }

  @Test
  void submitOfUnknownUserExitsOne() throws Exception {
    CommandRun run = CommandRun.of(pool.environment(), TIMEOUT, "submit", "--user", "40000");

    assertThat(run.exitStatus()).isEqualTo(1);
    assertThat(parse(run.stdout()).error().message()).contains("user id 40000 not found");
  }

  @Test
  void submitSendsStagesToProducer() throws Exception {
    CommandRun run = CommandRun.of(pool.environment(), TIMEOUT, "submit", "--user", "0",
        "--stage", "divide@dividers={\"by\":2}");

    assertThat(run.exitStatus()).isEqualTo(1);
    JobOutcome outcome = parse(run.stdout());
    assertThat(outcome.error().step()).isEqualTo(Step.SUBMIT);
    assertThat(outcome.error().message()).startsWith("stage 1 (divide): unknown job type");
  }

  @Test
  void submitRunsChainedStages() throws Exception {
    CommandRun run = CommandRun.of(pool.environment(), TIMEOUT, "submit", "--type", "repeat",
        "--params", "{\"values\":[1,2],\"times\":2}", "--stage", "add={\"amount\":1}",
        "--stage", "multiply={\"by\":3}");

    assertThat(run.exitStatus()).as(run.stderr()).isZero();
    JobOutcome outcome = parse(run.stdout());
    assertThat(outcome.result().toString()).isEqualTo("[6,9,6,9]");
  }

  @Test
  void invalidStageExitsTwo() throws Exception {
    CommandRun run = CommandRun.of(pool.environment(), TIMEOUT, "submit", "--user", "0",
        "--stage", "add={amount:1}");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.stderr()).contains("invalid stage 'add={amount:1}'");
  }

  @Test
  void invalidQueueExitsTwo() throws Exception {
    CommandRun run = CommandRun.of(pool.environment(), TIMEOUT, "submit", "--user", "0",
        "--queue", "no/slash");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.stderr()).contains("invalid queue name 'no/slash'");
  }

  @Test
  void cancelCommandCancelsSubmittedJob() throws Exception {
    CommandRun submitted = CommandRun.of(pool.environment(), TIMEOUT,
        "submit", "--user", "31890", "--no-wait");
    String jobId = submitted.stdout().strip();

    CommandRun cancelled = CommandRun.of(pool.environment(), TIMEOUT, "cancel", jobId);

    assertThat(submitted.exitStatus()).isZero();
    assertThat(cancelled.exitStatus()).isZero();
    JobOutcome outcome = pool.awaitOutcome(jobId, TIMEOUT);
    assertThat(outcome.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(outcome.error().step()).isEqualTo(Step.CLIENT);
    assertThat(outcome.stats().completed()).isLessThan(9_458);
  }

  @Test
  void cancelRejectsInvalidJobId() throws Exception {
    CommandRun run = CommandRun.of(pool.environment(), TIMEOUT, "cancel", "no spaces allowed");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.stderr()).contains("invalid job id 'no spaces allowed'");
  }

  @Test
  void invalidOptionGetsOneLineError() throws Exception {
    CommandRun run = CommandRun.of(Map.of(), TIMEOUT, "submit", "--user", "abc");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.stderr().strip().lines()).containsExactly("workerpool: Invalid value for "
        + "option '--user': 'abc' is not an int (run 'workerpool submit --help' for the options)");
  }

  @Test
  void cancelRejectsInvalidJobIdWithoutCluster() throws Exception {
    int closedPort = io.workerpool.cli.LoopbackPorts.free();

    CommandRun run = CommandRun.of(Map.of(), TIMEOUT,
        "cancel", "--bootstrap-server", "127.0.0.1:" + closedPort, "no spaces allowed");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.stderr()).contains("invalid job id 'no spaces allowed'");
  }
}
