package io.workerpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/workerpool} in a copy of the project layout, with {@code mvn} and {@code java}
 * replaced by scripts that record their calls, to check when the launcher builds.
 */
class LauncherScriptTest {

  @TempDir
  Path root;

  @Test
  void changeOutsideCliBuildsOnlyOnce() throws Exception {
    Path jar = givenProject();
    Path source = root.resolve("protocol/src/main/java/Changed.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class Changed {}");
    Files.setLastModifiedTime(source, FileTime.from(Instant.now()));
    // Maven leaves the cli jar alone when only another module changed, as the fake does.
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));

    runLauncher();
    runLauncher();

    assertThat(Files.readAllLines(root.resolve("mvn-calls"))).hasSize(1);
    assertThat(Files.readAllLines(root.resolve("java-calls"))).hasSize(2);
  }

  private Path givenProject() throws IOException {
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(Path.of("../bin/workerpool"), bin.resolve("workerpool"));
    bin.resolve("workerpool").toFile().setExecutable(true);
    Path jar = root.resolve("cli/target/workerpool-cli.jar");
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "");
    Path tools = Files.createDirectories(root.resolve("tools"));
    writeRecorder(tools.resolve("mvn"), root.resolve("mvn-calls"));
    writeRecorder(tools.resolve("java"), root.resolve("java-calls"));
    return jar;
  }

  private static void writeRecorder(Path script, Path calls) throws IOException {
    Files.writeString(script, "#!/usr/bin/env bash\necho \"$*\" >> '" + calls + "'\n",
        StandardCharsets.UTF_8);
    script.toFile().setExecutable(true);
  }

  private void runLauncher() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of("bash",
        root.resolve("bin/workerpool").toString(), "--help"));
    builder.environment().put("PATH", root.resolve("tools") + ":" + System.getenv("PATH"));
    builder.redirectErrorStream(true);
    builder.redirectOutput(root.resolve("launcher.log").toFile());
    Process process = builder.start();

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("launcher ended").isTrue();
    assertThat(process.exitValue()).as(Files.readString(root.resolve("launcher.log"))).isZero();
  }
}
