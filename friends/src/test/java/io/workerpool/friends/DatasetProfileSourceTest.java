package io.workerpool.friends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetProfileSourceTest {

  private final DatasetProfileSource source =
      new DatasetProfileSource(SocialGraph.github(), Duration.ZERO, Set.of(1095));

  @Test
  void knownUserReturnsProfile() throws Exception {
    assertThat(source.fetch(23977)).isEqualTo(new Profile(23977, "airtoxin", 0));
  }

  @Test
  void configuredIdFails() {
    assertThatThrownBy(() -> source.fetch(1095))
        .isInstanceOf(ProfileFetchException.class)
        .hasMessage("profile source failed for user 1095 (it is in PROFILE_FAIL_ON_IDS)");
  }

  @Test
  void unknownUserIsNotFound() {
    assertThatThrownBy(() -> source.fetch(40000))
        .isInstanceOf(ProfileFetchException.class)
        .hasMessage("profile of user 40000 not found: ids run from 0 to 37699");
  }

  @Test
  void interruptAbortsLatency() {
    DatasetProfileSource slow =
        new DatasetProfileSource(SocialGraph.github(), Duration.ofMinutes(5), Set.of());
    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> slow.fetch(23977)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
  }
}
