package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.workerpool.broker.BrokerSecurity;
import io.workerpool.broker.BrokerSettings;
import io.workerpool.broker.EmbeddedKafkaBroker;
import io.workerpool.cli.RolePool;
import io.workerpool.client.JobFuture;
import io.workerpool.client.JobSpec;
import io.workerpool.client.WorkerPoolClient;
import io.workerpool.core.client.JobClient;
import io.workerpool.core.client.KafkaAccessDeniedException;
import io.workerpool.core.client.PendingJob;
import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClientConfig;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.Topics;
import io.workerpool.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a pool on a broker with a SASL_SSL listener, SCRAM-SHA-512 users and the
 * StandardAuthorizer, each role with its own principal and only the ACLs that
 * {@code workerpool acls} grants it.
 */
class SecuredPoolSystemTest {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
  private static final String PREFIX = "secured.";
  private static final Map<String, String> PASSWORDS = Map.of(
      "admin", "admin-secret",
      "setup", "setup-secret",
      "producer", "producer-secret",
      "worker", "worker-secret",
      "reducer", "reducer-secret",
      "client", "client-secret",
      "viewer", "viewer-secret");

  @TempDir
  static Path directory;

  private static TestCertificates certificates;
  private static EmbeddedKafkaBroker broker;
  private static RolePool roles;

  @BeforeAll
  static void startSecuredPool() throws Exception {
    certificates = TestCertificates.create(directory, "broker");
    BrokerSecurity.Builder security = BrokerSecurity.builder()
        .keyStore(certificates.keyStore(), certificates.password())
        .superUser("User:admin");
    PASSWORDS.forEach(security::scramUser);
    broker = new EmbeddedKafkaBroker(BrokerSettings.builder().security(security.build()).build());
    broker.start();

    CommandRun acls = CommandRun.of(environment("admin"), COMMAND_TIMEOUT, "acls",
        "--principal-producer", "User:producer", "--principal-worker", "User:worker",
        "--principal-reducer", "User:reducer", "--principal-client", "User:client",
        "--principal-submitter", "User:viewer", "--principal-setup", "User:setup");
    assertThat(acls.exitStatus()).as(acls.stderr()).isZero();
    CommandRun setup = CommandRun.of(environment("setup"), COMMAND_TIMEOUT, "setup-topics",
        "--queue", "adders");
    assertThat(setup.exitStatus()).as(setup.stderr()).isZero();

    roles = RolePool.start(1, environment("admin"), Map.of(
        "producer", environment("producer"),
        "worker", environment("worker"),
        "reducer", environment("reducer")), System.err);
  }

  @AfterAll
  static void stopSecuredPool() throws InterruptedException {
    if (roles != null) {
      roles.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void submitRunsJobWithLeastPrivilege() throws Exception {
    CommandRun run = CommandRun.of(environment("client"), COMMAND_TIMEOUT, "submit",
        "--user", "0", "--deadline", "60s");

    assertThat(run.exitStatus()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("\"status\" : \"SUCCEEDED\"", "airtoxin");
  }

  @Test
  void queueWorkerRunsStageWithLeastPrivilege() throws Exception {
    Map<String, String> workerEnvironment = new HashMap<>(environment("admin"));
    workerEnvironment.putAll(environment("worker"));
    JobOutcome outcome;
    try (QueueWorker adder = QueueWorker.start("adders", workerEnvironment);
        JobClient client = client("client");
        PendingJob job = client.submit(JobIds.newJobId(), "repeat",
            NumberChains.repeat(java.util.List.of(1L, 2L), 1), Duration.ofSeconds(60),
            NumberChains.chain(NumberChains.stage("add", "amount", 1, "adders"),
                NumberChains.stage("multiply", "by", 2, null)))) {
      outcome = job.awaitOutcome(Duration.ofSeconds(90));
    }

    assertThat(outcome.status()).as(String.valueOf(outcome.error()))
        .isEqualTo(JobStatus.SUCCEEDED);
    assertThat(NumberChains.numbers(outcome.result())).containsExactly(4L, 6L);
  }

  @Test
  void queuedJobRunsWithLeastPrivilege() throws Exception {
    Map<String, String> workerEnvironment = new HashMap<>(environment("admin"));
    workerEnvironment.putAll(environment("worker"));
    JobOutcome outcome;
    // The adders queue's topic exists because the setup principal created it. Workers may not.
    try (QueueWorker queued = QueueWorker.start("adders", workerEnvironment);
        JobClient client = client("client");
        PendingJob job = client.submit(JobIds.newJobId(), "repeat",
            NumberChains.repeat(java.util.List.of(1L, 2L), 1), Duration.ofSeconds(60),
            io.workerpool.protocol.Completion.ALL, java.util.List.of(), "adders")) {
      outcome = job.awaitOutcome(Duration.ofSeconds(90));
    }

    assertThat(outcome.status()).as(String.valueOf(outcome.error()))
        .isEqualTo(JobStatus.SUCCEEDED);
    assertThat(NumberChains.numbers(outcome.result())).containsExactly(1L, 2L);
  }

  @Test
  void aclsCommandIsRepeatable() throws Exception {
    int before = aclCount("User:producer");

    CommandRun again = CommandRun.of(environment("admin"), COMMAND_TIMEOUT, "acls",
        "--principal-producer", "User:producer");

    assertThat(again.exitStatus()).as(again.stderr()).isZero();
    assertThat(aclCount("User:producer")).isEqualTo(before);
    assertThat((long) before).isEqualTo(
        again.stdout().lines().filter(line -> line.startsWith("User:producer ")).count());
  }

  @Test
  void wrongPasswordIsRejected() throws Exception {
    Path wrong = clientProperties("client", "not-the-password");

    CommandRun run = CommandRun.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
        "WORKERPOOL_TOPIC_PREFIX", PREFIX), COMMAND_TIMEOUT,
        "submit", "--kafka-config", wrong.toString(), "--user", "0");

    assertThat(run.exitStatus()).isEqualTo(7);
    assertThat(run.stderr()).contains("authentication failed");
    assertThat(run.stderr()).contains("--kafka-config");
    assertThat(run.stderr()).doesNotContain("\tat ");
  }

  @Test
  void missingCredentialsAreReported() throws Exception {
    Path properties = directory.resolve("no-credentials.properties");
    Files.writeString(properties, "security.protocol=SASL_SSL\n"
        + "sasl.mechanism=SCRAM-SHA-512\n"
        + trustStoreLines());

    CommandRun run = CommandRun.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
        "WORKERPOOL_TOPIC_PREFIX", PREFIX), COMMAND_TIMEOUT,
        "cancel", "--kafka-config", properties.toString(), "job-1");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.stderr()).contains("JAAS");
    assertThat(run.stderr()).contains("check the Kafka client properties");
    assertThat(run.stderr()).doesNotContain("\tat ");
  }

  @Test
  void submitterCannotCancel() throws Exception {
    try (JobClient viewer = client("viewer");
        PendingJob job = viewer.submit(JobIds.newJobId(), "friends",
            PoolFixture.userParams(0), Duration.ofSeconds(60))) {
      CommandRun cancel = CommandRun.of(environment("viewer"), COMMAND_TIMEOUT, "cancel",
          job.jobId());

      assertThat(cancel.exitStatus()).isEqualTo(7);
      assertThat(cancel.stderr()).contains("not authorized");
      assertThat(cancel.stderr()).contains(PREFIX + "cancels");
      assertThat(cancel.stderr()).doesNotContain("\tat ");
      assertThat(job.awaitOutcome(Duration.ofSeconds(60)).status())
          .isEqualTo(JobStatus.SUCCEEDED);
    }
  }

  @Test
  void workerCannotSubmit() {
    assertThatThrownBy(() -> {
      try (JobClient worker = client("worker")) {
        worker.submit(JobIds.newJobId(), "friends", PoolFixture.userParams(0),
            Duration.ofSeconds(30)).close();
      }
    })
        .isInstanceOf(KafkaAccessDeniedException.class)
        .hasMessageContaining("not authorized")
        .hasMessageContaining(PREFIX + "jobs");
  }

  @Test
  void clientCancelKeepsOriginInOutcome() throws Exception {
    String jobId = JobIds.newJobId();
    try (JobClient client = client("client")) {
      // A cancel applies to a job submitted later with the same id, so the job ends CANCELLED
      // however fast it would run.
      client.cancel(jobId, "wrong user");
      try (PendingJob job = client.submit(jobId, "friends", PoolFixture.userParams(0),
          Duration.ofSeconds(60))) {
        JobOutcome outcome = job.awaitOutcome(Duration.ofSeconds(60));

        assertThat(outcome.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(outcome.error().step()).isEqualTo(Step.CLIENT);
        assertThat(outcome.error().message()).endsWith(": wrong user");
        assertThat(outcome.error().origin()).isEqualTo("secured-test-client");
      }
    }
  }

  @Test
  void javaClientOfWorkerIsDenied() throws Exception {
    try (WorkerPoolClient worker = workerPoolClient("worker", PASSWORDS.get("worker"))) {
      JobFuture future = worker.submit(friendsJob());

      assertThat(future).failsWithin(COMMAND_TIMEOUT)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(KafkaAccessDeniedException.class)
          .withMessageContaining("not authorized")
          .withMessageContaining("workerpool acls");
    }
  }

  @Test
  void javaClientWrongPasswordFails() throws Exception {
    try (WorkerPoolClient client = workerPoolClient("client", "not-the-password")) {
      JobFuture future = client.submit(friendsJob());

      assertThat(future).failsWithin(COMMAND_TIMEOUT)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(KafkaAccessDeniedException.class)
          .withMessageContaining("authentication failed");
    }
  }

  @Test
  void javaClientOfSubmitterCannotCancel() throws Exception {
    try (WorkerPoolClient viewer = workerPoolClient("viewer", PASSWORDS.get("viewer"))) {
      JobFuture future = viewer.submit(friendsJob());
      assertThat(future.submitted()).succeedsWithin(COMMAND_TIMEOUT);

      future.cancel(true);

      assertThat(future.cancelSent()).failsWithin(COMMAND_TIMEOUT)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOf(KafkaAccessDeniedException.class)
          .withMessageContaining(PREFIX + "cancels");
    }
  }

  private static int aclCount(String principal) throws Exception {
    AclBindingFilter filter = new AclBindingFilter(ResourcePatternFilter.ANY,
        new AccessControlEntryFilter(principal, null, AclOperation.ANY, AclPermissionType.ANY));
    try (Admin admin = new KafkaClients(Settings.of(environment("admin")), "secured-test")
        .newAdmin()) {
      return admin.describeAcls(filter).values().get(30, TimeUnit.SECONDS).size();
    }
  }

  private static JobClient client(String user) throws IOException {
    Settings settings = Settings.of(environment(user));
    return new JobClient(new KafkaClients(settings, "secured-test-" + user),
        new Topics(PREFIX), Clock.systemUTC(), "secured-test-" + user);
  }

  private static WorkerPoolClient workerPoolClient(String user, String password)
      throws IOException {
    return WorkerPoolClient.builder(broker.bootstrapServers())
        .kafkaConfigFile(clientProperties(user, password))
        .topicPrefix(PREFIX)
        .origin("secured-test-java-" + user)
        .build();
  }

  private static JobSpec friendsJob() {
    return JobSpec.builder("friends")
        .params(PoolFixture.userParams(0))
        .deadline(Duration.ofSeconds(60))
        .build();
  }

  /** Returns the settings of a process that connects as {@code user}. */
  private static Map<String, String> environment(String user) throws IOException {
    Map<String, String> environment = new HashMap<>();
    environment.put(KafkaClients.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    environment.put("WORKERPOOL_TOPIC_PREFIX", PREFIX);
    environment.put(KafkaClientConfig.CONFIG_FILE,
        clientProperties(user, PASSWORDS.get(user)).toString());
    return environment;
  }

  /** Writes a Kafka client properties file for SCRAM-SHA-512 over TLS as {@code user}. */
  private static Path clientProperties(String user, String password) throws IOException {
    Path file = directory.resolve(user + "-" + password.hashCode() + ".properties");
    Files.writeString(file, "security.protocol=SASL_SSL\n"
        + "sasl.mechanism=SCRAM-SHA-512\n"
        + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
        + "username=\\\"" + user + "\\\" password=\\\"" + password + "\\\";\n"
        + trustStoreLines());
    return file;
  }

  private static String trustStoreLines() {
    return "ssl.truststore.type=PKCS12\n"
        + "ssl.truststore.location=" + certificates.trustStore().toString().replace("\\", "/")
        + "\n"
        + "ssl.truststore.password=" + certificates.password() + "\n";
  }
}
