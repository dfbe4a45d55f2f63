package io.workerpool.broker;

import java.util.Objects;

/**
 * The place of one node in a multi-node KRaft quorum of combined broker and controller nodes.
 *
 * @param nodeId this node's id, from 1
 * @param controllerPort this node's controller listener port on 127.0.0.1, fixed across restarts
 *     because the other nodes find it through {@code voters}
 * @param voters {@code controller.quorum.voters} of every node, as {@code ID@HOST:PORT,...}
 * @param clusterId the cluster id that every node's storage is formatted with
 */
record QuorumMembership(int nodeId, int controllerPort, String voters, String clusterId) {

  QuorumMembership {
    if (nodeId < 1) {
      throw new IllegalArgumentException("invalid node id " + nodeId + ": use 1 or more");
    }
    if (controllerPort < 1 || controllerPort > 65535) {
      throw new IllegalArgumentException("invalid controller port " + controllerPort
          + ": use a port from 1 to 65535");
    }
    Objects.requireNonNull(voters, "voters");
    Objects.requireNonNull(clusterId, "clusterId");
  }
}
