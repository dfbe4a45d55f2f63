package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.workerpool.cli.RoleProcess;
import io.workerpool.core.client.PendingJob;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.config.Settings;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A producer killed with SIGKILL while it lists a big job: the next producer resumes the listing
 * from the last committed checkpoint, so the job succeeds and few tasks are sent twice.
 */
class ProducerRestartSystemTest {

  /** A user with 2,958 friends; at 100 friends per 300 ms page, listing takes about 9 s. */
  private static final int USER = 19222;
  private static final int FRIENDS = 2_958;
  private static final int CHECKPOINT_TASKS = 250;

  private static PoolFixture pool;

  @BeforeAll
  static void startPool() throws Exception {
    pool = PoolFixture.start("producer-restart", 2, Map.of(
        "FRIENDS_LIST_PAGE_LATENCY", "300ms",
        "PRODUCER_CHECKPOINT_TASKS", String.valueOf(CHECKPOINT_TASKS)));
  }

  @AfterAll
  static void stopPool() throws Exception {
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void killedProducerListingResumesAtCheckpoint() throws Exception {
    RoleProcess killed = pool.role("producer");
    RoleProcess successor = null;
    try (TaskRecords tasks = new TaskRecords();
        PendingJob job = pool.submit(USER, Duration.ofSeconds(120))) {
      String jobId = job.jobId();
      await().atMost(Duration.ofSeconds(60))
          .until(() -> tasks.recordsOf(jobId) >= 800);
      killed.process().destroyForcibly();
      assertThat(killed.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      int beforeRestart = tasks.readToEnd().recordsOf(jobId);
      assertThat(beforeRestart)
          .as("the producer was killed before it listed every task")
          .isLessThan(FRIENDS);

      successor = RoleProcess.start("producer-2", "io.workerpool.producer.ProducerMain",
          pool.environment(), List.of("-Xmx256m"), System.err);
      JobOutcome outcome = job.awaitOutcome(Duration.ofSeconds(150));

      assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(outcome.result()).isEqualTo(PoolFixture.expectedFriendsMap(USER));
      assertThat(outcome.stats().listed()).isEqualTo(FRIENDS);
      tasks.readToEnd();
      Set<String> expectedIds = IntStream.range(0, FRIENDS)
          .mapToObj(sequence -> jobId + "#" + sequence)
          .collect(Collectors.toSet());
      assertThat(tasks.idsOf(jobId)).isEqualTo(expectedIds);
      int duplicates = tasks.recordsOf(jobId) - expectedIds.size();
      System.err.printf("ProducerRestartSystemTest: %d task records before the restart, %d "
          + "duplicate task records in all%n", beforeRestart, duplicates);
      assertThat(duplicates)
          .as("task records sent twice, of %d listed before the kill", beforeRestart)
          .isBetween(0, CHECKPOINT_TASKS);
    } finally {
      if (successor != null) {
        successor.close();
      }
    }
  }

  /** Counts the records of each task id on the pool's tasks topic, read from its start. */
  private static final class TaskRecords implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Map<String, Integer> recordsPerTask = new HashMap<>();

    TaskRecords() {
      KafkaClients clients = new KafkaClients(Settings.of(pool.environment()), "system-test");
      consumer = clients.newConsumer("tasks", null);
      partitions = consumer.partitionsFor(pool.topics().tasks()).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    /** Reads the records that arrived since the last call, and returns the job's record count. */
    int recordsOf(String jobId) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        recordsPerTask.merge(record.key(), 1, Integer::sum);
      }
      return countOf(jobId);
    }

    /** Reads up to the current end of every partition. */
    TaskRecords readToEnd() {
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          recordsPerTask.merge(record.key(), 1, Integer::sum);
        }
      }
      return this;
    }

    private int countOf(String jobId) {
      return recordsPerTask.entrySet().stream()
          .filter(entry -> entry.getKey().startsWith(jobId + "#"))
          .mapToInt(Map.Entry::getValue)
          .sum();
    }

    Set<String> idsOf(String jobId) {
      return recordsPerTask.keySet().stream()
          .filter(taskId -> taskId.startsWith(jobId + "#"))
          .collect(Collectors.toSet());
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
