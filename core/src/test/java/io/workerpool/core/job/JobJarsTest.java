package io.workerpool.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJarsTest {

  @TempDir
  Path directory;

  @Test
  void noSettingAddsNoClassLoader() {
    assertThat(JobJars.classLoader(Settings.of(Map.of()))).isEmpty();
  }

  @Test
  void missingDirectoryIsNamedWithTheFix() {
    Path missing = directory.resolve("absent");

    assertThatThrownBy(() -> JobJars.classLoader(
        Settings.of(Map.of(JobJars.SETTING, missing.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'" + missing + "'")
        .hasMessageContaining("no such directory");
  }

  @Test
  void jarsListedInNameOrder() throws Exception {
    Files.createFile(directory.resolve("b.jar"));
    Files.createFile(directory.resolve("a.jar"));
    Files.createFile(directory.resolve("notes.txt"));

    assertThat(JobJars.jarsIn(directory))
        .extracting(url -> Path.of(url.toURI()).getFileName().toString())
        .containsExactly("a.jar", "b.jar");
  }
}
