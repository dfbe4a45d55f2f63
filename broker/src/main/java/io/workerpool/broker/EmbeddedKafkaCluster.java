package io.workerpool.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KRaft cluster of N combined broker and controller nodes on 127.0.0.1, each in its own child
 * JVM (see {@link ClusterNode}), so that a node's fatal error, on which Kafka halts the JVM,
 * ends only that node. Every node is a voter of the controller quorum, so the cluster keeps
 * working while a minority of nodes is down.
 *
 * <p>Replication defaults to {@code min(N, 3)} for new topics ({@code default.replication.factor})
 * and for the offsets, transaction state and share-group state topics, with a min ISR of
 * {@code min(N, 2)}: a three-node cluster accepts {@code acks=all} writes with one node down.
 * {@link BrokerSettings#brokerProperties()} overrides these and every other default.
 *
 * <p>The settings' {@link BrokerSettings#dataDirectory()} is the parent of the nodes' data
 * directories {@code node-1} to {@code node-N}; without one the cluster uses a temporary
 * directory that {@link #close()} deletes. Each node picks its own free ports at start and
 * keeps them across restarts, so the settings' port must be 0. Security settings are not
 * supported.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

  /** Replication factor of a cluster with this many nodes or more. */
  public static final int MAX_REPLICATION_FACTOR = 3;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
  private static final String HOST = "127.0.0.1";

  private enum State { NEW, RUNNING, CLOSED }

  private final int size;
  private final BrokerSettings settings;
  private final PrintStream output;
  private final List<ClusterNode> nodes = new ArrayList<>();

  private State state = State.NEW;
  private Path dataDirectory;
  private boolean ownsDataDirectory;

  /**
   * Creates a cluster of {@code size} nodes whose output goes to {@code output}, such as
   * {@code System.err}. Nothing starts until {@link #start()}.
   *
   * @throws IllegalArgumentException if {@code size} is below 1, or the settings give a port
   *     or security
   */
  public EmbeddedKafkaCluster(int size, BrokerSettings settings, PrintStream output) {
    if (size < 1) {
      throw new IllegalArgumentException("invalid cluster size " + size + ": use 1 or more nodes");
    }
    Objects.requireNonNull(settings, "settings");
    if (settings.port() != 0) {
      throw new IllegalArgumentException("BrokerSettings.port is " + settings.port()
          + ", but each node of an EmbeddedKafkaCluster picks its own port: leave it at 0");
    }
    if (settings.security().isPresent()) {
      throw new IllegalArgumentException("EmbeddedKafkaCluster does not support"
          + " BrokerSettings.security; use a single EmbeddedKafkaBroker for a secured broker");
    }
    this.size = size;
    this.settings = settings;
    this.output = Objects.requireNonNull(output, "output");
  }

  /** Creates a cluster of {@code size} nodes with temporary data, logging to stderr. */
  public EmbeddedKafkaCluster(int size) {
    this(size, BrokerSettings.defaults(), System.err);
  }

  /**
   * Starts every node and waits until each responds to requests. On failure, every node started
   * so far is stopped and the cluster cannot be started again.
   *
   * @throws IllegalStateException if the cluster was started before, or a node fails to start
   *     within {@link BrokerSettings#startupTimeout()}
   */
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("Cannot start an EmbeddedKafkaCluster that is " + state
          + "; create a new EmbeddedKafkaCluster instead");
    }
    long startNanos = System.nanoTime();
    try {
      prepareDataDirectory();
      createNodes();
      nodes.forEach(ClusterNode::launch);
      nodes.forEach(ClusterNode::awaitReady);
    } catch (RuntimeException | Error e) {
      state = State.CLOSED;
      stopNodes();
      deleteDataDirectoryIfOwned();
      throw e;
    }
    state = State.RUNNING;
    LOG.info("Started a Kafka cluster of {} nodes at {} with data directory {} in {} ms", size,
        bootstrapServers(), dataDirectory, (System.nanoTime() - startNanos) / 1_000_000);
  }

  /**
   * Returns every node's client address, as {@code 127.0.0.1:PORT,127.0.0.1:PORT,...}, for
   * {@code bootstrap.servers}. The list includes stopped nodes: clients skip the ones that do
   * not respond.
   *
   * @throws IllegalStateException unless the cluster is running
   */
  public synchronized String bootstrapServers() {
    requireRunning();
    return nodes.stream().map(ClusterNode::bootstrapServer).collect(Collectors.joining(","));
  }

  /** Returns the nodes, in node id order. */
  public synchronized List<ClusterNode> nodes() {
    requireRunning();
    return List.copyOf(nodes);
  }

  /**
   * Returns the node with {@code nodeId}, from 1 to the cluster size.
   *
   * @throws IllegalArgumentException if no node has that id
   */
  public synchronized ClusterNode node(int nodeId) {
    requireRunning();
    if (nodeId < 1 || nodeId > size) {
      throw new IllegalArgumentException("no Kafka node with id " + nodeId
          + ": the ids are 1 to " + size);
    }
    return nodes.get(nodeId - 1);
  }

  /** Returns the replication factor that new topics get by default: {@code min(size, 3)}. */
  public int replicationFactor() {
    return Math.min(size, MAX_REPLICATION_FACTOR);
  }

  /** Returns the default {@code min.insync.replicas}: {@code min(size, 2)}. */
  public int minInSyncReplicas() {
    return Math.min(size, 2);
  }

  /**
   * Stops every node: all get SIGTERM at once, and a node that has not ended within 15 s is
   * killed. Deletes a temporary data directory. Calling it again does nothing.
   */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    stopNodes();
    deleteDataDirectoryIfOwned();
  }

  private void createNodes() {
    List<Integer> ports = freePorts(2 * size);
    String clusterId = Uuid.randomUuid().toString();
    StringJoiner voters = new StringJoiner(",");
    for (int nodeId = 1; nodeId <= size; nodeId++) {
      voters.add(nodeId + "@" + HOST + ":" + ports.get(size + nodeId - 1));
    }
    Map<String, String> brokerProperties = replicationProperties();
    brokerProperties.putAll(settings.brokerProperties());
    for (int nodeId = 1; nodeId <= size; nodeId++) {
      int port = ports.get(nodeId - 1);
      Path nodeDirectory = dataDirectory.resolve("node-" + nodeId);
      List<String> arguments = new ArrayList<>(List.of(
          "node.id=" + nodeId,
          "port=" + port,
          "controller.port=" + ports.get(size + nodeId - 1),
          "voters=" + voters,
          "cluster.id=" + clusterId,
          "data.dir=" + nodeDirectory,
          "startup.timeout.ms=" + settings.startupTimeout().toMillis()));
      brokerProperties.forEach((name, value) -> arguments.add("broker." + name + "=" + value));
      nodes.add(new ClusterNode(nodeId, port, nodeDirectory, arguments,
          settings.startupTimeout(), output));
    }
  }

  private Map<String, String> replicationProperties() {
    String replicas = Integer.toString(replicationFactor());
    String minInSync = Integer.toString(minInSyncReplicas());
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("default.replication.factor", replicas);
    properties.put("min.insync.replicas", minInSync);
    properties.put("offsets.topic.replication.factor", replicas);
    properties.put("transaction.state.log.replication.factor", replicas);
    properties.put("transaction.state.log.min.isr", minInSync);
    properties.put("share.coordinator.state.topic.replication.factor", replicas);
    properties.put("share.coordinator.state.topic.min.isr", minInSync);
    return properties;
  }

  /** Returns distinct ports that are free on 127.0.0.1, holding all of them open at once. */
  private static List<Integer> freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getByName(HOST)));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new IllegalStateException("Failed to find " + count + " free ports on " + HOST
          + "; check that the loopback interface is up", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          LOG.debug("Failed to close port probe {}", socket, e);
        }
      }
    }
  }

  private void stopNodes() {
    nodes.forEach(ClusterNode::signalStop);
    nodes.forEach(ClusterNode::awaitStopped);
  }

  private void prepareDataDirectory() {
    try {
      if (settings.dataDirectory().isPresent()) {
        dataDirectory = Files.createDirectories(settings.dataDirectory().get());
        ownsDataDirectory = false;
      } else {
        dataDirectory = Files.createTempDirectory("workerpool-kafka-cluster-");
        ownsDataDirectory = true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to create the cluster's data directory "
          + settings.dataDirectory().map(Path::toString).orElse("in java.io.tmpdir")
          + "; choose a writable directory", e);
    }
  }

  private void deleteDataDirectoryIfOwned() {
    if (!ownsDataDirectory || dataDirectory == null) {
      return;
    }
    DataDirectories.deleteTree(dataDirectory);
  }

  private void requireRunning() {
    if (state == State.NEW) {
      throw new IllegalStateException("EmbeddedKafkaCluster is not started; call start() first");
    }
    if (state == State.CLOSED) {
      throw new IllegalStateException("EmbeddedKafkaCluster is closed; create and start a new one");
    }
  }
}
