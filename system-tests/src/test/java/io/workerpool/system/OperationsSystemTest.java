package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.workerpool.cli.LoopbackPorts;
import io.workerpool.cli.RoleProcess;
import io.workerpool.core.client.JobClient;
import io.workerpool.core.client.PendingJob;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.kafka.TopicSetup;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.core.config.Settings;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import io.workerpool.testing.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees of the role processes: health and readiness endpoints, Prometheus
 * metrics, and a graceful stop on SIGTERM that hands unfinished tasks to another worker at once.
 */
class OperationsSystemTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<RoleProcess> roles = new ArrayList<>();
  private final Map<String, Integer> httpPorts = new HashMap<>();
  private Map<String, String> environment;
  private Settings settings;

  @BeforeEach
  void createTopics() {
    environment = Map.of(
        KafkaClients.BOOTSTRAP_SERVERS, TestKafka.bootstrapServers(),
        "WORKERPOOL_TOPIC_PREFIX", "it-ops-" + UUID.randomUUID().toString().substring(0, 8) + ".",
        "PROFILE_FETCH_LATENCY", "20ms");
    settings = Settings.of(environment);
    PoolSettings pool = PoolSettings.from(settings);
    try (Admin admin = new KafkaClients(settings, "ops-test").newAdmin()) {
      TopicSetup.of(admin, pool).ensureTopics();
      TopicSetup.startShareGroupAtEarliest(admin, pool.defaultGroupId("workers"));
    }
  }

  @AfterEach
  void stopRoles() throws InterruptedException {
    for (RoleProcess role : roles) {
      role.close();
    }
  }

  private RoleProcess start(String name, String mainClass) throws IOException {
    int port = LoopbackPorts.free();
    Map<String, String> roleEnvironment = new HashMap<>(environment);
    roleEnvironment.put("WORKERPOOL_HTTP_PORT", String.valueOf(port));
    RoleProcess role = RoleProcess.start(name, mainClass, roleEnvironment, List.of("-Xmx256m"),
        System.err);
    roles.add(role);
    httpPorts.put(name, port);
    return role;
  }

  private void startPool(int workers) throws IOException {
    start("producer", "io.workerpool.producer.ProducerMain");
    start("reducer", "io.workerpool.reducer.ReducerMain");
    for (int i = 1; i <= workers; i++) {
      start("worker-" + i, "io.workerpool.worker.WorkerMain");
    }
    for (String name : httpPorts.keySet()) {
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> get(name, "/health/ready").statusCode() == 200);
    }
  }

  private HttpResponse<String> get(String role, String path)
      throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + httpPorts.get(role) + path);
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JobClient client() {
    return new JobClient(new KafkaClients(settings, "ops-test"),
        PoolSettings.from(settings).topics(), Clock.systemUTC(), "ops-test");
  }


  @Test
  void everyRoleServesHealthAndMetrics() throws Exception {
    startPool(1);

    JobOutcome outcome;
    try (JobClient client = client();
        PendingJob job = client.submit(JobIds.newJobId(), "friends",
            PoolFixture.userParams(35828), Duration.ofSeconds(60))) {
      outcome = job.awaitOutcome(Duration.ofSeconds(90));
    }

    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    for (String role : httpPorts.keySet()) {
      assertThat(get(role, "/health/live").body()).contains("\"status\":\"UP\"");
      assertThat(get(role, "/health/ready").statusCode()).isEqualTo(200);
      assertThat(get(role, "/metrics").body()).contains("jvm_memory_used_bytes");
    }
    assertThat(get("producer", "/metrics").body()).contains("workerpool_tasks_listed_total");
    assertThat(get("worker-1", "/metrics").body())
        .contains("workerpool_tasks_processed_total{outcome=\"succeeded\",role=\"worker\"} 320.0")
        .contains("workerpool_tasks_in_flight");
    assertThat(get("reducer", "/metrics").body())
        .contains("workerpool_jobs_finished_total{role=\"reducer\",status=\"SUCCEEDED\"} 1.0")
        .contains("workerpool_job_duration_seconds_count")
        .contains("kafka_consumer_fetch_manager_records_lag_max");
  }

  @Test
  void sigtermHandsTasksToOtherWorker() throws Exception {
    startPool(2);
    RoleProcess stopped = roles.stream().filter(role -> role.name().equals("worker-1"))
        .findFirst().orElseThrow();

    JobOutcome outcome;
    // The deadline is shorter than the share group's 30 s record lock, so the job can only
    // succeed if the stopped worker hands its tasks back instead of leaving them locked.
    try (JobClient client = client();
        PendingJob job = client.submit(JobIds.newJobId(), "friends",
            PoolFixture.userParams(13638), Duration.ofSeconds(25))) {
      await().atMost(Duration.ofSeconds(30))
          .until(() -> get("worker-1", "/metrics").body()
              .contains("workerpool_tasks_processed_total{outcome=\"succeeded\""));
      stopped.terminate();
      assertThat(stopped.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      outcome = job.awaitOutcome(Duration.ofSeconds(60));
    }

    assertThat(stopped.process().exitValue()).isZero();
    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result()).isEqualTo(PoolFixture.expectedFriendsMap(13638));
    assertThat(outcome.stats().completed()).isEqualTo(2_468);
  }
}
