package io.workerpool.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.workerpool.protocol.Topics;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoolAclsTest {

  private final PoolAcls acls = new PoolAcls(new Topics("wp."), "wp.producer", "wp.workers",
      "wp.reducer");

  @Test
  void producerReadsJobsAndWritesTasks() {
    List<String> lines = lines(acls.producer("User:producer"));

    assertThat(lines).contains(
        "User:producer ALLOW READ TOPIC wp.jobs",
        "User:producer ALLOW READ GROUP wp.producer",
        "User:producer ALLOW WRITE TOPIC wp.tasks (prefixed)",
        "User:producer ALLOW WRITE TOPIC wp.results",
        "User:producer ALLOW WRITE TOPIC wp.dead-letters",
        "User:producer ALLOW READ TOPIC wp.cancels",
        "User:producer ALLOW WRITE TOPIC wp.cancels",
        "User:producer ALLOW DESCRIBE TOPIC wp.outcomes");
    assertThat(lines).doesNotContain("User:producer ALLOW WRITE TOPIC wp.jobs",
        "User:producer ALLOW WRITE TOPIC wp.outcomes");
  }

  @Test
  void workerMayNotSubmitJobs() {
    List<String> lines = lines(acls.worker("User:worker"));

    assertThat(lines).contains(
        "User:worker ALLOW READ TOPIC wp.tasks (prefixed)",
        "User:worker ALLOW READ GROUP wp.workers",
        "User:worker ALLOW ALTER_CONFIGS GROUP wp.workers",
        "User:worker ALLOW WRITE TOPIC wp.results");
    assertThat(lines).noneMatch(line -> line.contains("WRITE TOPIC wp.jobs"));
  }

  @Test
  void workerReadsAndWritesStageQueues() {
    List<String> lines = lines(acls.worker("User:worker"));

    assertThat(lines).contains(
        "User:worker ALLOW READ TOPIC wp.tasks (prefixed)",
        "User:worker ALLOW WRITE TOPIC wp.tasks (prefixed)",
        "User:worker ALLOW DESCRIBE TOPIC wp.tasks (prefixed)",
        "User:worker ALLOW READ GROUP wp.workers. (prefixed)",
        "User:worker ALLOW ALTER_CONFIGS GROUP wp.workers. (prefixed)");
  }

  @Test
  void producerWritesAndDescribesQueuesOnly() {
    List<String> lines = lines(acls.producer("User:producer"));

    assertThat(lines).contains("User:producer ALLOW DESCRIBE TOPIC wp.tasks (prefixed)");
    assertThat(lines).filteredOn(line -> line.contains("(prefixed)")).containsExactlyInAnyOrder(
        "User:producer ALLOW DESCRIBE TOPIC wp.tasks (prefixed)",
        "User:producer ALLOW WRITE TOPIC wp.tasks (prefixed)");
  }

  @Test
  void reducerWritesOutcomes() {
    List<String> lines = lines(acls.reducer("User:reducer"));

    assertThat(lines).contains(
        "User:reducer ALLOW READ TOPIC wp.jobs",
        "User:reducer ALLOW READ TOPIC wp.results",
        "User:reducer ALLOW READ GROUP wp.reducer",
        "User:reducer ALLOW WRITE TOPIC wp.outcomes",
        "User:reducer ALLOW WRITE TOPIC wp.progress");
  }

  @Test
  void submitterMayNotCancel() {
    List<String> submitter = lines(acls.client("User:viewer", false));
    List<String> client = lines(acls.client("User:client", true));

    assertThat(submitter).containsExactly(
        "User:viewer ALLOW WRITE TOPIC wp.jobs",
        "User:viewer ALLOW READ TOPIC wp.outcomes",
        "User:viewer ALLOW READ TOPIC wp.progress");
    assertThat(client).contains("User:client ALLOW WRITE TOPIC wp.cancels");
  }

  @Test
  void setupCreatesEveryTopic() {
    List<String> lines = lines(acls.setup("User:admin"));

    for (String topic : List.of("jobs", "tasks", "results", "cancels", "outcomes",
        "dead-letters", "progress")) {
      assertThat(lines).contains("User:admin ALLOW CREATE TOPIC wp." + topic);
    }
    assertThat(lines).contains("User:admin ALLOW CREATE TOPIC wp.tasks (prefixed)",
        "User:admin ALLOW ALTER_CONFIGS GROUP wp.workers. (prefixed)");
  }

  @Test
  void everyGrantIsAllowOnAnyHost() {
    for (AclBinding binding : acls.producer("User:p")) {
      assertThat(binding.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
      assertThat(binding.entry().host()).isEqualTo("*");
    }
  }

  @Test
  void onlyStageQueueGrantsArePrefixed() {
    List<AclBinding> all = new java.util.ArrayList<>();
    all.addAll(acls.producer("User:p"));
    all.addAll(acls.worker("User:w"));
    all.addAll(acls.reducer("User:r"));
    all.addAll(acls.setup("User:s"));

    for (AclBinding binding : all) {
      if (binding.pattern().patternType() == PatternType.PREFIXED) {
        assertThat(binding.pattern().name()).isIn("wp.tasks", "wp.workers.");
      } else {
        assertThat(binding.pattern().patternType()).isEqualTo(PatternType.LITERAL);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"producer", "User:", ":producer", " User:producer", "User:*"})
  void invalidPrincipalIsRejected(String principal) {
    assertThatThrownBy(() -> acls.producer(principal))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + principal + "'")
        .hasMessageContaining("User:producer");
  }

  private static List<String> lines(List<AclBinding> bindings) {
    return bindings.stream().map(PoolAcls::describe).toList();
  }
}
