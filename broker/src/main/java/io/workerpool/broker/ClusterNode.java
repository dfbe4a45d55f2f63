package io.workerpool.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One combined broker and controller node of an {@link EmbeddedKafkaCluster}, running
 * {@link ClusterNodeMain} in a child JVM. It keeps its client port, controller port and data
 * directory across {@link #kill()}, {@link #stop()} and {@link #start()}, so a restarted node
 * rejoins the cluster with its data. Its output is copied, prefixed with {@code [kafka-ID]}, to
 * the cluster's output stream.
 */
public final class ClusterNode {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final int nodeId;
  private final int port;
  private final Path dataDirectory;
  private final List<String> arguments;
  private final Duration startupTimeout;
  private final PrintStream output;

  private Process process;
  private CountDownLatch ready;

  ClusterNode(int nodeId, int port, Path dataDirectory, List<String> arguments,
      Duration startupTimeout, PrintStream output) {
    this.nodeId = nodeId;
    this.port = port;
    this.dataDirectory = dataDirectory;
    this.arguments = List.copyOf(arguments);
    this.startupTimeout = startupTimeout;
    this.output = output;
  }

  /** Returns the node id, from 1 to the cluster size. */
  public int nodeId() {
    return nodeId;
  }

  /** Returns this node's client address, {@code 127.0.0.1:PORT}, the same after a restart. */
  public String bootstrapServer() {
    return "127.0.0.1:" + port;
  }

  /** Returns the directory that keeps this node's logs and metadata across restarts. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Returns whether the node's process is running. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Returns the process id of the running node. */
  public synchronized long pid() {
    requireRunning();
    return process.pid();
  }

  /**
   * Starts the node on its ports and data directory and waits until it responds to requests. In a
   * cluster that has lost its quorum, a node responds only once a majority of nodes run.
   *
   * @throws IllegalStateException if the node is running, or fails to start within the
   *     cluster's startup timeout
   */
  public void start() {
    launch();
    awaitReady();
  }

  /** Kills the node with SIGKILL, as a crash would, and waits until its process has ended. */
  public synchronized void kill() {
    requireRunning();
    long startNanos = System.nanoTime();
    process.destroyForcibly();
    awaitExit(STOP_TIMEOUT);
    LOG.info("Killed Kafka node {} at {} in {} ms", nodeId, bootstrapServer(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }

  /**
   * Stops the node gracefully with SIGTERM and waits until its process has ended. A node that
   * has not ended within 15 s is killed.
   */
  public synchronized void stop() {
    requireRunning();
    long startNanos = System.nanoTime();
    process.destroy();
    if (!awaitExit(STOP_TIMEOUT)) {
      LOG.warn("Kafka node {} at {} did not stop within {} after SIGTERM; killing it", nodeId,
          bootstrapServer(), STOP_TIMEOUT);
      process.destroyForcibly();
      awaitExit(STOP_TIMEOUT);
    }
    LOG.info("Stopped Kafka node {} at {} in {} ms", nodeId, bootstrapServer(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }

  /** Sends SIGTERM without waiting, so that several nodes stop at once. */
  synchronized void signalStop() {
    if (isRunning()) {
      process.destroy();
    }
  }

  /** Waits for a stop that {@link #signalStop()} began, and kills a node that outlasts it. */
  synchronized void awaitStopped() {
    if (process == null || !process.isAlive()) {
      return;
    }
    if (!awaitExit(STOP_TIMEOUT)) {
      process.destroyForcibly();
      awaitExit(STOP_TIMEOUT);
    }
  }

  /** Starts the node's process without waiting for it to respond to requests. */
  synchronized void launch() {
    if (isRunning()) {
      throw new IllegalStateException("Kafka node " + nodeId + " at " + bootstrapServer()
          + " is already running; stop or kill it first");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ClusterNodeMain.class.getName());
    command.addAll(arguments);
    ready = new CountDownLatch(1);
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to start the JVM of Kafka node " + nodeId
          + " with " + java, e);
    }
    Thread copier = new Thread(() -> copyOutput(process, ready), "kafka-" + nodeId + "-output");
    copier.setDaemon(true);
    copier.start();
  }

  /** Waits until the launched node prints that it responds to requests. */
  void awaitReady() {
    long startNanos = System.nanoTime();
    Process launched;
    CountDownLatch launchedReady;
    synchronized (this) {
      launched = process;
      launchedReady = ready;
    }
    try {
      while (!launchedReady.await(100, TimeUnit.MILLISECONDS)) {
        if (!launched.isAlive()) {
          throw new IllegalStateException("Kafka node " + nodeId + " at " + bootstrapServer()
              + " exited with status " + launched.exitValue()
              + " during start; its log is above");
        }
        if (System.nanoTime() - startNanos > startupTimeout.toNanos()) {
          throw new IllegalStateException("Kafka node " + nodeId + " at " + bootstrapServer()
              + " did not respond to requests within " + startupTimeout
              + "; raise BrokerSettings.startupTimeout or check its log above");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting Kafka node " + nodeId, e);
    }
    LOG.info("Kafka node {} responds at {} with data directory {}, {} ms after the wait began",
        nodeId, bootstrapServer(), dataDirectory,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping Kafka node " + nodeId, e);
    }
  }

  private void requireRunning() {
    if (!isRunning()) {
      throw new IllegalStateException("Kafka node " + nodeId + " at " + bootstrapServer()
          + " is not running; start it first");
    }
  }

  private void copyOutput(Process source, CountDownLatch sourceReady) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(source.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith(ClusterNodeMain.READY_PREFIX)) {
          sourceReady.countDown();
        } else {
          output.println("[kafka-" + nodeId + "] " + line);
        }
      }
    } catch (IOException e) {
      output.println("[kafka-" + nodeId + "] output unavailable: " + e.getMessage());
    }
  }
}
