package io.workerpool.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.workerpool.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileServiceMainTest {

  @Test
  void invalidSettingsExitWithStatusTwo() {
    int status = ProfileServiceMain.run(Settings.of(Map.of("PROFILE_SERVICE_PORT", "-1")));

    assertThat(status).isEqualTo(2);
  }

  @Test
  void hostNameAsBindExitsWithStatusTwo() {
    int status = ProfileServiceMain.run(Settings.of(Map.of(
        "PROFILE_SERVICE_BIND", "profiles.invalid", "PROFILE_SERVICE_PORT", "0")));

    assertThat(status).isEqualTo(2);
  }

  @Test
  void portInUseExitsWithStatusOne() throws Exception {
    try (ProfileService running = ProfileService.start(ProfileServiceSettings.onPort(0))) {
      int status = ProfileServiceMain.run(Settings.of(Map.of(
          "PROFILE_SERVICE_PORT", String.valueOf(running.port()))));

      assertThat(status).isEqualTo(1);
    }
  }
}
