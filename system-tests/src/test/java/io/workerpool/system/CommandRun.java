package io.workerpool.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the {@code workerpool} command in its own JVM, as {@code bin/workerpool} starts it,
 * with its exit status, stdout and stderr.
 */
record CommandRun(int exitStatus, String stdout, String stderr) {

  static CommandRun of(Map<String, String> environment, Duration timeout, String... arguments)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("workerpool-stdout", ".txt");
    Path err = Files.createTempFile("workerpool-stderr", ".txt");
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"),
        "io.workerpool.cli.WorkerpoolCommand"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("workerpool " + String.join(" ", arguments)
            + " did not exit within " + timeout + "; stderr:\n" + Files.readString(err));
      }
      CommandRun run = new CommandRun(process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
      System.err.println("workerpool " + String.join(" ", arguments) + " stderr:\n" + run.stderr);
      return run;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
