package io.workerpool.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

  @TempDir
  Path directory;

  @Test
  void environmentWinsOverFile() throws IOException {
    Path file = writeFile("WORKER_CONCURRENCY=4\nWORKER_GROUP_ID=from-file\n");
    Map<String, String> environment = Map.of(
        Settings.CONFIG_FILE, file.toString(),
        "WORKER_CONCURRENCY", "16");

    Settings settings = Settings.from(environment);

    assertThat(settings.positiveInt("WORKER_CONCURRENCY", 8)).isEqualTo(16);
    assertThat(settings.string("WORKER_GROUP_ID", "default")).isEqualTo("from-file");
  }

  @Test
  void fileValuesAreReadWithoutEnvironmentOverride() throws IOException {
    Path file = writeFile("REDUCER_SETTLE_TIMEOUT=2s\nPROFILE_FAIL_ON_IDS=17,23977\n");

    Settings settings = Settings.from(Map.of(Settings.CONFIG_FILE, file.toString()));

    assertThat(settings.duration("REDUCER_SETTLE_TIMEOUT", Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.intSet("PROFILE_FAIL_ON_IDS")).containsExactly(17, 23977);
  }

  @Test
  void blankConfigFileVariableReadsNoFile() {
    Settings settings = Settings.from(Map.of(Settings.CONFIG_FILE, " ", "A", "1"));

    assertThat(settings.string("A", "default")).isEqualTo("1");
  }

  @Test
  void missingFileErrorNamesPathAndVariable() {
    Path missing = directory.resolve("absent.properties");
    Map<String, String> environment = Map.of(Settings.CONFIG_FILE, missing.toString());

    assertThatThrownBy(() -> Settings.from(environment))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'" + missing + "'")
        .hasMessageContaining(Settings.CONFIG_FILE);
  }

  @Test
  void absentSettingsUseDefaults() {
    Settings settings = Settings.of(Map.of());

    assertThat(settings.string("NAME", "fallback")).isEqualTo("fallback");
    assertThat(settings.positiveInt("COUNT", 8)).isEqualTo(8);
    assertThat(settings.duration("WAIT", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.intSet("IDS")).isEmpty();
  }

  @Test
  void blankValueCountsAsAbsent() {
    Settings settings = Settings.of(Map.of("COUNT", "  ", "NAME", ""));

    assertThat(settings.positiveInt("COUNT", 8)).isEqualTo(8);
    assertThat(settings.optional("NAME")).isEmpty();
  }

  @Test
  void valuesAreTrimmed() {
    Settings settings = Settings.of(Map.of("COUNT", " 12 ", "NAME", " pool "));

    assertThat(settings.positiveInt("COUNT", 8)).isEqualTo(12);
    assertThat(settings.string("NAME", "default")).isEqualTo("pool");
  }

  @ParameterizedTest(name = "rejects ''{0}''")
  @ValueSource(strings = {"0", "-3", "abc", "1.5", "99999999999"})
  void positiveIntErrorNamesSettingAndValue(String value) {
    Settings settings = Settings.of(Map.of("WORKER_CONCURRENCY", value));

    assertThatThrownBy(() -> settings.positiveInt("WORKER_CONCURRENCY", 8))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("WORKER_CONCURRENCY")
        .hasMessageContaining("'" + value + "'");
  }

  @ParameterizedTest(name = "rejects ''{0}''")
  @ValueSource(strings = {"-1s", "abc", "5 minutes"})
  void durationErrorNamesSettingAndValue(String value) {
    Settings settings = Settings.of(Map.of("REDUCER_SETTLE_TIMEOUT", value));

    assertThatThrownBy(() -> settings.duration("REDUCER_SETTLE_TIMEOUT", Duration.ofSeconds(5)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("REDUCER_SETTLE_TIMEOUT")
        .hasMessageContaining("'" + value + "'");
  }

  @Test
  void durationOverflowIsConfigError() {
    Settings settings = Settings.of(Map.of("REDUCER_SETTLE_TIMEOUT", "9999999999999999h"));

    assertThatThrownBy(() -> settings.duration("REDUCER_SETTLE_TIMEOUT", Duration.ofSeconds(5)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("REDUCER_SETTLE_TIMEOUT");
  }

  @Test
  void intSetReadsCommaSeparatedNumbers() {
    Settings settings = Settings.of(Map.of("PROFILE_FAIL_ON_IDS", "17, 23977,-4"));

    Set<Integer> ids = settings.intSet("PROFILE_FAIL_ON_IDS");

    assertThat(ids).containsExactly(17, 23977, -4);
  }

  @ParameterizedTest(name = "rejects ''{0}''")
  @ValueSource(strings = {"17,x", "1,,2", "1;2"})
  void intSetErrorNamesSettingAndValue(String value) {
    Settings settings = Settings.of(Map.of("PROFILE_FAIL_ON_IDS", value));

    assertThatThrownBy(() -> settings.intSet("PROFILE_FAIL_ON_IDS"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PROFILE_FAIL_ON_IDS")
        .hasMessageContaining("'" + value + "'");
  }

  private Path writeFile(String content) throws IOException {
    Path file = directory.resolve("workerpool.properties");
    Files.writeString(file, content);
    return file;
  }
}
