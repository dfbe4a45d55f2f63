package io.workerpool.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Settings;
import io.workerpool.protocol.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

  @Test
  void pollTakesFourTasksPerThread() {
    WorkerSettings settings = WorkerSettings.from(Settings.of(Map.of("WORKER_CONCURRENCY", "8")));

    assertThat(settings.pollRecords()).isEqualTo(32);
    assertThat(settings.consumers()).isEqualTo(2);
  }

  @Test
  void hugeConcurrencyIsRejected() {
    Settings settings = Settings.of(Map.of("WORKER_CONCURRENCY", "200000000"));

    assertThatThrownBy(() -> WorkerSettings.from(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("WORKER_CONCURRENCY 200000000")
        .hasMessageContaining("at most 10000");
  }

  @Test
  void workerWithoutQueueReadsSharedTasks() {
    WorkerSettings settings = WorkerSettings.from(Settings.of(Map.of()));

    assertThat(settings.queue()).isNull();
    assertThat(settings.groupId()).isEqualTo("workerpool.workers");
    assertThat(settings.tasksTopic(new Topics("workerpool."))).isEqualTo("workerpool.tasks");
  }

  @Test
  void queueWorkerReadsQueueTopicInOwnGroup() {
    WorkerSettings settings = WorkerSettings.from(Settings.of(Map.of("WORKER_QUEUE", "adders")));

    assertThat(settings.queue()).isEqualTo("adders");
    assertThat(settings.groupId()).isEqualTo("workerpool.workers.adders");
    assertThat(settings.tasksTopic(new Topics("workerpool.")))
        .isEqualTo("workerpool.tasks.adders");
  }

  @Test
  void queueGroupCanBeSet() {
    WorkerSettings settings = WorkerSettings.from(Settings.of(Map.of(
        "WORKER_QUEUE", "adders", "WORKER_GROUP_ID", "adders-group")));

    assertThat(settings.groupId()).isEqualTo("adders-group");
  }

  @Test
  void invalidQueueIsRejected() {
    Settings settings = Settings.of(Map.of("WORKER_QUEUE", "add ers"));

    assertThatThrownBy(() -> WorkerSettings.from(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("WORKER_QUEUE")
        .hasMessageContaining("'add ers'");
  }

  @Test
  void recordLockDefaultsToKafkas() {
    WorkerSettings settings = WorkerSettings.from(Settings.of(Map.of()));

    assertThat(settings.recordLock()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void subSecondRecordLockIsRejected() {
    Settings settings = Settings.of(Map.of("WORKER_RECORD_LOCK", "500ms"));

    assertThatThrownBy(() -> WorkerSettings.from(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("WORKER_RECORD_LOCK 500ms")
        .hasMessageContaining("at least 1s");
  }
}
