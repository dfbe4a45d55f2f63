package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.workerpool.core.client.PendingJob;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.kafka.TopicSetup;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobProgress;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.ProgressState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reducer's progress records and the {@code status} command, on a real broker. */
class ProgressSystemTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  /** 320 friends: about 2 s of tasks on one worker with 8 threads and 50 ms per fetch. */
  private static final int USER_320_FRIENDS = 35828;
  /** 9,458 friends: about a minute of tasks, so the job is still running when checked. */
  private static final int USER_9458_FRIENDS = 31890;

  private static PoolFixture pool;

  @BeforeAll
  static void startPool() throws Exception {
    pool = PoolFixture.start("progress", 1, Map.of("PROFILE_FETCH_LATENCY", "50ms"));
  }

  @AfterAll
  static void stopPool() throws Exception {
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void progressGrowsAndEndsWithTheOutcome() throws Exception {
    JobOutcome outcome;
    try (PendingJob job = pool.submit(USER_320_FRIENDS, TIMEOUT)) {
      outcome = job.awaitOutcome(TIMEOUT);
    }

    List<JobProgress> records = awaitFinalProgress(outcome.jobId());

    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(records).hasSizeGreaterThanOrEqualTo(3);
    assertThat(records.get(0).state()).isIn(ProgressState.LISTING, ProgressState.RUNNING);
    assertThat(records).extracting(JobProgress::submittedAt).containsOnly(outcome.submittedAt());
    assertThat(records).extracting(JobProgress::updatedAt).isSorted();
    assertThat(records).extracting(progress -> progress.stats().completed()).isSorted();
    assertThat(records).extracting(progress -> progress.stats().listed()).isSorted();
    assertThat(records).filteredOn(progress -> progress.state().isFinal()).hasSize(1);
    JobProgress last = records.get(records.size() - 1);
    assertThat(last.state()).isEqualTo(ProgressState.SUCCEEDED);
    assertThat(last.stats()).isEqualTo(outcome.stats());
    assertThat(last.error()).isNull();
  }

  @Test
  void statusPrintsRunningThenFinishedState() throws Exception {
    String jobId;
    JobOutcome outcome;
    try (PendingJob job = pool.submit(USER_9458_FRIENDS, TIMEOUT)) {
      jobId = job.jobId();
      JobProgress running = await().atMost(TIMEOUT).until(() -> status(jobId),
          progress -> progress != null && progress.state() == ProgressState.RUNNING);
      assertThat(running.stats().listed()).isEqualTo(9_458);
      assertThat(running.listingFinished()).isTrue();

      pool.cancel(jobId);
      outcome = job.awaitOutcome(TIMEOUT);
    }

    JobProgress finished = await().atMost(TIMEOUT).until(() -> status(jobId),
        progress -> progress != null && progress.state().isFinal());
    assertThat(outcome.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(finished.state()).isEqualTo(ProgressState.CANCELLED);
    assertThat(finished.stats()).isEqualTo(outcome.stats());
    assertThat(finished.error()).isEqualTo(outcome.error());
  }

  @Test
  void statusOfUnknownJobExitsNotFound() throws Exception {
    String jobId = JobIds.newJobId();

    CommandRun run = CommandRun.of(pool.environment(), TIMEOUT, "status", jobId);

    assertThat(run.exitStatus()).isEqualTo(8);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains("no progress for job " + jobId + " on topic "
        + pool.topics().progress());
  }

  @Test
  void statusWithoutProgressTopicExitsNotFound() throws Exception {
    Map<String, String> environment = new java.util.HashMap<>(pool.environment());
    String prefix = "no-topics-" + JobIds.newJobId().substring(0, 8) + ".";
    environment.put("WORKERPOOL_TOPIC_PREFIX", prefix);

    CommandRun run = CommandRun.of(environment, TIMEOUT, "status", "job-1");
    CommandRun again = CommandRun.of(environment, TIMEOUT, "status", "job-1");

    assertThat(run.exitStatus()).isEqualTo(8);
    assertThat(run.stderr()).contains("topic " + prefix + "progress does not exist");
    assertThat(again.stderr()).as("the first lookup created no topic")
        .contains("topic " + prefix + "progress does not exist");
  }

  @Test
  void statusRejectsInvalidJobIdBeforeConnecting() throws Exception {
    int closedPort = io.workerpool.cli.LoopbackPorts.free();

    CommandRun run = CommandRun.of(Map.of(), TIMEOUT,
        "status", "--bootstrap-server", "127.0.0.1:" + closedPort, "no spaces allowed");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.stderr()).contains("invalid job id 'no spaces allowed'");
  }

  @Test
  void submitWithoutTerminalDrawsNoProgress() throws Exception {
    CommandRun run = CommandRun.of(pool.environment(), TIMEOUT, "submit", "--user", "0");

    JobOutcome outcome = MessageCodec.decode(run.stdout().getBytes(StandardCharsets.UTF_8),
        JobOutcome.class);
    assertThat(run.exitStatus()).isZero();
    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(run.stderr()).doesNotContain("\r").doesNotContain("[#");
  }

  @Test
  void progressTopicIsCompactedAndDeleted() throws Exception {
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC,
        pool.topics().progress());
    Config config;
    try (Admin admin = new KafkaClients(io.workerpool.core.config.Settings.of(
        pool.environment()), "system-test").newAdmin()) {
      config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
    }

    assertThat(config.get("cleanup.policy").value()).isEqualTo("compact,delete");
    assertThat(config.get("retention.ms").value())
        .isEqualTo(TopicSetup.PROGRESS_CONFIGS.get("retention.ms"));
  }

  /** Runs {@code workerpool status} and returns the record it prints, or null when it fails. */
  private static JobProgress status(String jobId) throws Exception {
    CommandRun run = CommandRun.of(pool.environment(), TIMEOUT, "status", jobId);
    if (run.exitStatus() != 0) {
      return null;
    }
    return MessageCodec.decode(run.stdout().getBytes(StandardCharsets.UTF_8), JobProgress.class);
  }

  /** Reads the progress topic until the job's final record, and returns its records in order. */
  private static List<JobProgress> awaitFinalProgress(String jobId) {
    return await().atMost(TIMEOUT).until(() -> progressOf(jobId),
        records -> !records.isEmpty() && records.get(records.size() - 1).state().isFinal());
  }

  /** Reads every partition of the progress topic up to its current end. */
  private static List<JobProgress> progressOf(String jobId) {
    List<JobProgress> found = new ArrayList<>();
    KafkaClients clients = new KafkaClients(
        io.workerpool.core.config.Settings.of(pool.environment()), "system-test");
    try (KafkaConsumer<String, byte[]> consumer = clients.newConsumer("progress", null)) {
      List<TopicPartition> partitions = consumer.partitionsFor(pool.topics().progress()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (jobId.equals(record.key())) {
            found.add(MessageCodec.decode(record.value(), JobProgress.class));
          }
        }
      }
    }
    return found;
  }
}
