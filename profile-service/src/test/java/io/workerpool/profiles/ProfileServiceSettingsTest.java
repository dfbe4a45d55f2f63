package io.workerpool.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileServiceSettingsTest {

  @Test
  void unsetSettingsTakeDefaults() {
    ProfileServiceSettings settings = ProfileServiceSettings.from(Settings.of(Map.of()));

    assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(8080);
    assertThat(settings.latency()).isEqualTo(Duration.ZERO);
    assertThat(settings.failOnIds()).isEmpty();
    assertThat(settings.threads()).isEqualTo(32);
  }

  @Test
  void everySettingIsRead() {
    ProfileServiceSettings settings = ProfileServiceSettings.from(Settings.of(Map.of(
        "PROFILE_SERVICE_BIND", "127.0.0.1",
        "PROFILE_SERVICE_PORT", "0",
        "PROFILE_SERVICE_LATENCY", "250ms",
        "PROFILE_SERVICE_FAIL_ON_IDS", "17, 23977",
        "PROFILE_SERVICE_THREADS", "4")));

    assertThat(settings.port()).isZero();
    assertThat(settings.latency()).isEqualTo(Duration.ofMillis(250));
    assertThat(settings.failOnIds()).containsExactlyInAnyOrder(17, 23977);
    assertThat(settings.threads()).isEqualTo(4);
  }

  @Test
  void ipv6BindAddressIsAccepted() {
    ProfileServiceSettings settings = ProfileServiceSettings.from(
        Settings.of(Map.of("PROFILE_SERVICE_BIND", "::1")));

    assertThat(settings.bindInetAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void hostNameAsBindIsRejected() {
    assertThatThrownBy(() -> ProfileServiceSettings.from(
        Settings.of(Map.of("PROFILE_SERVICE_BIND", "localhost"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid value 'localhost' for PROFILE_SERVICE_BIND")
        .hasMessageContaining("host names are not accepted");
  }

  @Test
  void ipv4OctetAboveRangeIsRejected() {
    assertThatThrownBy(() -> ProfileServiceSettings.from(
        Settings.of(Map.of("PROFILE_SERVICE_BIND", "127.0.0.256"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid value '127.0.0.256' for PROFILE_SERVICE_BIND");
  }

  @Test
  void nonNumericPortIsRejected() {
    assertThatThrownBy(() -> ProfileServiceSettings.from(
        Settings.of(Map.of("PROFILE_SERVICE_PORT", "http"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid value 'http' for PROFILE_SERVICE_PORT")
        .hasMessageContaining("from 0 to 65535");
  }

  @Test
  void portAboveRangeIsRejected() {
    assertThatThrownBy(() -> ProfileServiceSettings.from(
        Settings.of(Map.of("PROFILE_SERVICE_PORT", "70000"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid value '70000' for PROFILE_SERVICE_PORT");
  }

  @Test
  void invalidLatencyIsRejected() {
    assertThatThrownBy(() -> ProfileServiceSettings.from(
        Settings.of(Map.of("PROFILE_SERVICE_LATENCY", "soon"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid value 'soon' for PROFILE_SERVICE_LATENCY");
  }

  @Test
  void zeroThreadsAreRejected() {
    assertThatThrownBy(() -> ProfileServiceSettings.from(
        Settings.of(Map.of("PROFILE_SERVICE_THREADS", "0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid value '0' for PROFILE_SERVICE_THREADS");
  }

  @Test
  void invalidFailOnIdsAreRejected() {
    assertThatThrownBy(() -> ProfileServiceSettings.from(
        Settings.of(Map.of("PROFILE_SERVICE_FAIL_ON_IDS", "1,x"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid value '1,x' for PROFILE_SERVICE_FAIL_ON_IDS");
  }
}
