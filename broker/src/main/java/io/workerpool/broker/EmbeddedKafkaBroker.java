package io.workerpool.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft combined mode (broker and controller in one node) that
 * runs inside this JVM and listens on 127.0.0.1 only.
 *
 * <p>By default its client listener is PLAINTEXT and every client may do everything. With
 * {@link BrokerSettings#security()} the client listener is SASL_SSL with SCRAM-SHA-512, the
 * broker's own connections use a separate SASL_PLAINTEXT listener, and Kafka's
 * StandardAuthorizer allows only what ACLs grant; see {@link BrokerSecurity}.
 *
 * <p>Defaults set replication factor 1 and min ISR 1 for the internal offsets, transaction
 * state and share-group state topics, and {@code group.initial.rebalance.delay.ms=0}. Every
 * other property keeps Kafka's default (for example {@code num.partitions=1} and
 * {@code auto.create.topics.enable=true}) unless {@link BrokerSettings} overrides it.
 *
 * <p>NOTE: Kafka's fatal fault handlers call {@code org.apache.kafka.common.utils.Exit.halt},
 * which ends this JVM. This class leaves Kafka's exit procedures unchanged.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private static final String HOST = "127.0.0.1";
  /** Node id of a broker that is not part of an {@link EmbeddedKafkaCluster}. */
  private static final int SINGLE_NODE_ID = 1;
  private static final String CLIENT_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  /** Subdirectory of the data directory that contains the Kafka log directory and metadata log. */
  private static final String LOG_DIRECTORY_NAME = "kraft-combined-logs";
  /** File that the storage formatter writes into each formatted log directory. */
  private static final String META_PROPERTIES_FILE = "meta.properties";

  private enum State { NEW, RUNNING, CLOSED }

  private final BrokerSettings settings;
  /** The node's place in a multi-node quorum, or null for a single-node broker. */
  private final QuorumMembership membership;

  private State state = State.NEW;
  private KafkaRaftServer server;
  private Path dataDirectory;
  private boolean ownsDataDirectory;
  private int port;
  /** The listener layout with security, or null for a PLAINTEXT broker. */
  private SecuredListeners securedListeners;
  /** The port of the broker's own SASL_PLAINTEXT listener with security, else the client port. */
  private int internalPort;

  /** Creates a broker with the given settings. Nothing starts until {@link #start()}. */
  public EmbeddedKafkaBroker(BrokerSettings settings) {
    this(settings, null);
  }

  /**
   * Creates one node of a multi-node KRaft quorum: its node id, controller port, quorum voters
   * and cluster id come from {@code membership}.
   */
  EmbeddedKafkaBroker(BrokerSettings settings, QuorumMembership membership) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.membership = membership;
  }

  /** Creates a broker on a free port with a temporary data directory. */
  public EmbeddedKafkaBroker() {
    this(BrokerSettings.defaults());
  }

  /**
   * Formats the storage if needed, starts the broker and waits until it responds to requests.
   *
   * <p>On failure, everything started so far is stopped and this broker cannot be started again.
   *
   * @throws IllegalArgumentException if the extra broker properties are invalid
   * @throws IllegalStateException if the broker was already started or closed, the port is
   *     in use, the data directory cannot be created or written, or the broker fails to start
   *     or to respond to requests within {@link BrokerSettings#startupTimeout()}
   */
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("Cannot start an EmbeddedKafkaBroker that is " + state
          + "; create a new EmbeddedKafkaBroker instead");
    }
    long startNanos = System.nanoTime();
    try {
      prepareDataDirectory();
      port = settings.port() == 0 ? pickFreePort() : checkPortIsFree(settings.port());
      securedListeners = settings.security().map(SecuredListeners::new).orElse(null);
      internalPort = securedListeners == null ? port : pickFreePort();
      int controllerPort = membership == null ? pickFreePort()
          : checkPortIsFree(membership.controllerPort());
      Properties properties = brokerProperties(controllerPort);
      Path logDirectory = dataDirectory.resolve(LOG_DIRECTORY_NAME);
      formatIfNeeded(logDirectory);

      server = new KafkaRaftServer(kafkaConfig(properties), Time.SYSTEM);
      startServer();
      try (Admin admin = Admin.create(internalAdminProperties(startNanos))) {
        awaitReady(admin, startNanos);
        if (securedListeners != null) {
          ScramUsers.create(admin, settings.security().get().scramUsers(),
              remainingStartupTime(startNanos));
        }
      }
    } catch (RuntimeException | Error e) {
      stopAfterFailedStart();
      throw e;
    }
    state = State.RUNNING;
    LOG.info("Started Kafka broker at {} ({}) with data directory {} in {} ms",
        bootstrapServers(), securedListeners == null ? "PLAINTEXT" : "SASL_SSL, SCRAM-SHA-512, "
            + "StandardAuthorizer", dataDirectory, elapsedMillis(startNanos));
  }

  /**
   * Returns the address that clients connect to, as {@code 127.0.0.1:PORT}. With
   * {@link BrokerSettings#security()} it is the SASL_SSL listener, where clients authenticate
   * with SCRAM-SHA-512.
   *
   * @throws IllegalStateException unless the broker is running
   */
  public synchronized String bootstrapServers() {
    if (state == State.NEW) {
      throw new IllegalStateException("EmbeddedKafkaBroker is not started; call start() first");
    }
    if (state == State.CLOSED) {
      throw new IllegalStateException("EmbeddedKafkaBroker is closed; create and start a new one");
    }
    return HOST + ":" + port;
  }

  /**
   * Returns the data directory in use. This is a temporary directory when the settings gave none,
   * and close() deletes it.
   *
   * @throws IllegalStateException if the broker was never started
   */
  public synchronized Path dataDirectory() {
    if (dataDirectory == null) {
      throw new IllegalStateException("EmbeddedKafkaBroker is not started; call start() first");
    }
    return dataDirectory;
  }

  /**
   * Shuts the broker down gracefully and waits until it has stopped. A temporary data directory
   * is deleted afterwards, but a data directory from the settings is kept. Calling close() again,
   * or on a broker that never started, does nothing.
   */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    boolean wasRunning = state == State.RUNNING;
    state = State.CLOSED;
    if (!wasRunning) {
      return;
    }
    long stopNanos = System.nanoTime();
    String address = HOST + ":" + port;
    LOG.info("Stopping Kafka broker at {}", address);
    shutdownServer();
    deleteDataDirectoryIfOwned();
    LOG.info("Stopped Kafka broker at {} in {} ms", address, elapsedMillis(stopNanos));
  }

  private void prepareDataDirectory() {
    if (settings.dataDirectory().isEmpty()) {
      try {
        dataDirectory = Files.createTempDirectory("workerpool-kafka-");
      } catch (IOException e) {
        throw new IllegalStateException("Failed to create a temporary data directory in "
            + System.getProperty("java.io.tmpdir")
            + "; set java.io.tmpdir to a writable directory or set BrokerSettings.dataDirectory", e);
      }
      ownsDataDirectory = true;
      return;
    }
    dataDirectory = settings.dataDirectory().get();
    ownsDataDirectory = false;
    try {
      Files.createDirectories(dataDirectory);
    } catch (FileSystemException e) {
      throw new IllegalStateException("Data directory " + dataDirectory
          + " cannot be created (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "); choose a writable directory path that is not a file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to create data directory " + dataDirectory, e);
    }
    if (!Files.isWritable(dataDirectory)) {
      throw new IllegalStateException("Data directory " + dataDirectory
          + " is not writable; fix its permissions or choose another directory");
    }
  }

  private void formatIfNeeded(Path logDirectory) {
    if (Files.exists(logDirectory.resolve(META_PROPERTIES_FILE))) {
      LOG.info("Reusing formatted Kafka storage in {}", logDirectory);
      return;
    }
    String clusterId = membership == null ? Uuid.randomUuid().toString() : membership.clusterId();
    ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
    try (PrintStream formatterStream = new PrintStream(formatterOutput, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(formatterStream)
          .setNodeId(nodeId())
          .setClusterId(clusterId)
          .setControllerListenerName(CONTROLLER_LISTENER)
          .addDirectory(logDirectory.toString())
          .setMetadataLogDirectory(logDirectory.toString())
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("Failed to format Kafka storage in " + logDirectory
          + "; delete that directory or choose an empty data directory", e);
    }
    LOG.info("Formatted Kafka storage in {} with cluster id {}", logDirectory, clusterId);
    LOG.debug("Storage formatter output: {}", formatterOutput.toString(StandardCharsets.UTF_8).strip());
  }

  private Properties brokerProperties(int controllerPort) {
    Properties properties = new Properties();
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", Integer.toString(nodeId()));
    properties.put("controller.quorum.voters", membership == null
        ? SINGLE_NODE_ID + "@" + HOST + ":" + controllerPort
        : membership.voters());
    if (securedListeners == null) {
      properties.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + port + ","
          + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
      properties.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + port);
      properties.put("listener.security.protocol.map",
          CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
      properties.put("inter.broker.listener.name", CLIENT_LISTENER);
    } else {
      properties.putAll(securedListeners.brokerProperties(HOST, internalPort, port,
          CONTROLLER_LISTENER, controllerPort));
    }
    properties.put("controller.listener.names", CONTROLLER_LISTENER);
    properties.put("log.dirs", dataDirectory.resolve(LOG_DIRECTORY_NAME).toString());

    // Kafka's defaults (replication factor 3, min ISR 2) assume three brokers.
    properties.put("offsets.topic.replication.factor", "1");
    properties.put("offsets.topic.min.isr", "1");
    properties.put("transaction.state.log.replication.factor", "1");
    properties.put("transaction.state.log.min.isr", "1");
    properties.put("share.coordinator.state.topic.replication.factor", "1");
    properties.put("share.coordinator.state.topic.min.isr", "1");
    properties.put("group.initial.rebalance.delay.ms", "0");
    // A new share group gets its first records only on its second heartbeat; Kafka's 5 s
    // default interval would delay the first task of a freshly started pool by that much.
    properties.put("group.share.min.heartbeat.interval.ms", "500");
    properties.put("group.share.heartbeat.interval.ms", "500");
    properties.put("server.max.startup.time.ms", Long.toString(settings.startupTimeout().toMillis()));

    for (Map.Entry<String, String> entry : settings.brokerProperties().entrySet()) {
      properties.put(entry.getKey(), entry.getValue());
    }
    return properties;
  }

  private int nodeId() {
    return membership == null ? SINGLE_NODE_ID : membership.nodeId();
  }

  private static KafkaConfig kafkaConfig(Properties properties) {
    try {
      return KafkaConfig.fromProps(properties, false);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Invalid Kafka broker configuration: " + e.getMessage()
          + "; fix the value in BrokerSettings.brokerProperties", e);
    }
  }

  private void startServer() {
    try {
      // Kafka's BrokerServer.startup() waits until the controller unfences the broker and
      // then enables request processing. awaitReady checks the result from a client.
      server.startup();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Kafka broker failed to start at " + HOST + ":" + port
          + " with data directory " + dataDirectory + "; see the cause", e);
    }
  }

  /**
   * Returns the properties of an admin client of the broker's own listener: the client listener
   * of a PLAINTEXT broker, else the internal listener as the broker's super user. Its timeouts
   * end with the startup timeout.
   */
  private Properties internalAdminProperties(long startNanos) {
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE,
        remainingStartupTime(startNanos).toMillis());
    Properties adminProperties = new Properties();
    adminProperties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + internalPort);
    adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
    adminProperties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
    if (securedListeners != null) {
      adminProperties.putAll(securedListeners.internalClientProperties());
    }
    return adminProperties;
  }

  /** Returns the startup time left, at least one second. */
  private Duration remainingStartupTime(long startNanos) {
    Duration remaining = settings.startupTimeout().minusNanos(System.nanoTime() - startNanos);
    return remaining.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : remaining;
  }

  /** Waits until the broker lists itself in a DescribeCluster response. */
  private void awaitReady(Admin admin, long startNanos) {
    Duration remaining = remainingStartupTime(startNanos);
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, remaining.toMillis());
    try {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis))
          .nodes()
          .get(remaining.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka broker at " + HOST + ":" + port, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka broker at " + HOST + ":" + port
          + " did not respond to DescribeCluster within " + remaining
          + "; raise BrokerSettings.startupTimeout or check the broker log", e);
    }
  }

  private void stopAfterFailedStart() {
    state = State.CLOSED;
    if (server != null) {
      try {
        shutdownServer();
      } catch (RuntimeException shutdownFailure) {
        LOG.warn("Failed to shut down Kafka broker after a failed start", shutdownFailure);
      }
    }
    deleteDataDirectoryIfOwned();
  }

  private void shutdownServer() {
    server.shutdown();
    server.awaitShutdown();
    server = null;
  }

  private void deleteDataDirectoryIfOwned() {
    if (!ownsDataDirectory || dataDirectory == null) {
      return;
    }
    DataDirectories.deleteTree(dataDirectory);
  }

  /**
   * Returns a port that is free on 127.0.0.1 at the time of the call.
   *
   * <p>NOTE: another process can take the port between this check and the broker's bind. The
   * broker then fails to start and start() throws.
   */
  private static int pickFreePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("Failed to find a free port on " + HOST
          + "; check that the loopback interface is up", e);
    }
  }

  private static int checkPortIsFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
      return port;
    } catch (BindException e) {
      throw new IllegalStateException("Port " + port + " on " + HOST
          + " is already in use; stop the process that listens there or use port 0 to pick a free port", e);
    } catch (IOException e) {
      throw new IllegalStateException("Failed to check port " + port + " on " + HOST, e);
    }
  }

  private static long elapsedMillis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
