package io.workerpool.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A role running as a child JVM with this JVM's class path. Its output is copied, line by line
 * and prefixed with its name, to a stream of this process (stderr for the local command), so
 * the parent's stdout carries only the job's outcome.
 */
public final class RoleProcess implements AutoCloseable {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final String name;
  private final Process process;
  private final Thread copier;

  private RoleProcess(String name, Process process, Thread copier) {
    this.name = name;
    this.process = process;
    this.copier = copier;
  }

  /** Starts {@code mainClass} in a new JVM with extra environment variables. */
  public static RoleProcess start(String name, String mainClass, Map<String, String> environment,
      List<String> jvmOptions, PrintStream output) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new java.util.ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    Thread copier = new Thread(() -> copyLines(name, process, output), name + "-output");
    copier.setDaemon(true);
    copier.start();
    return new RoleProcess(name, process, copier);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Process process() {
    return process;
  }

  /**
   * Sends SIGTERM. Unlike {@link Process#destroy()}, this keeps the output pipe open, so the
   * role's last log lines still arrive.
   */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** Kills the process with SIGKILL, as a crash or an out-of-memory killer would, and waits. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sends SIGTERM, waits for a graceful stop, then kills the process if it is still running. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      terminate();
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    copier.join(STOP_TIMEOUT.toMillis());
  }

  private static void copyLines(String name, Process process, PrintStream output) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        output.println("[" + name + "] " + line);
      }
    } catch (IOException e) {
      output.println("[" + name + "] output unavailable: " + e.getMessage());
    }
  }
}
