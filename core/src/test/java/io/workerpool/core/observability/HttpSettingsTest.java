package io.workerpool.core.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

  @Test
  void unsetPortServesNothing() {
    assertThat(HttpSettings.from(Settings.of(Map.of()))).isEmpty();
  }

  @Test
  void portAndBindAreRead() {
    Settings settings = Settings.of(Map.of(
        "WORKERPOOL_HTTP_PORT", "8081", "WORKERPOOL_HTTP_BIND", "0.0.0.0"));

    assertThat(HttpSettings.from(settings)).contains(new HttpSettings("0.0.0.0", 8081));
  }

  @Test
  void portOutOfRangeIsNamed() {
    Settings settings = Settings.of(Map.of("WORKERPOOL_HTTP_PORT", "70000"));

    assertThatThrownBy(() -> HttpSettings.from(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'70000' for WORKERPOOL_HTTP_PORT");
  }

  @Test
  void hostNameBindIsRejected() {
    Settings settings = Settings.of(Map.of(
        "WORKERPOOL_HTTP_PORT", "8081", "WORKERPOOL_HTTP_BIND", "not-an-ip"));

    assertThatThrownBy(() -> HttpSettings.from(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'not-an-ip' for WORKERPOOL_HTTP_BIND");
  }
}
