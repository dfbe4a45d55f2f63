package io.workerpool.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberAssignment;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

class WorkerProcessesTest {

  @Test
  void countsEachProcessOnce() {
    ShareGroupDescription group = group(
        "worker-host-101-" + WorkerProcesses.consumerPurpose(1),
        "worker-host-101-" + WorkerProcesses.consumerPurpose(2),
        "worker-host-202-" + WorkerProcesses.consumerPurpose(1),
        "worker-host-202-" + WorkerProcesses.consumerPurpose(2),
        "worker-host-303-" + WorkerProcesses.consumerPurpose(1));

    assertThat(WorkerProcesses.count(group)).isEqualTo(3);
  }

  @Test
  void countsForeignClientIdAsProcess() {
    ShareGroupDescription group = group(
        "worker-host-101-" + WorkerProcesses.consumerPurpose(1), "custom-consumer");

    assertThat(WorkerProcesses.count(group)).isEqualTo(2);
  }

  private static ShareGroupDescription group(String... clientIds) {
    List<ShareMemberDescription> members = Arrays.stream(clientIds)
        .map(clientId -> new ShareMemberDescription("member-" + clientId, Optional.empty(),
            clientId, "/127.0.0.1", new ShareMemberAssignment(Set.of()), 1))
        .toList();
    return new ShareGroupDescription("workers", members, GroupState.STABLE, Node.noNode(), 1, 1);
  }
}
