package io.workerpool.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Settings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoolSettingsTest {

  @Test
  void replicationFactorDefaultsToBrokerDefault() {
    PoolSettings pool = PoolSettings.from(Settings.of(Map.of()));

    assertThat(pool.replicationFactor()).isEmpty();
  }

  @Test
  void replicationFactorIsRead() {
    PoolSettings pool = PoolSettings.from(Settings.of(Map.of(
        PoolSettings.REPLICATION_FACTOR, "3")));

    assertThat(pool.replicationFactor()).isEqualTo(Optional.of((short) 3));
  }

  @ParameterizedTest(name = "rejects ''{0}''")
  @ValueSource(strings = {"0", "-1", "three", "2.5", "32768"})
  void invalidReplicationFactorIsRejected(String value) {
    Settings settings = Settings.of(Map.of(PoolSettings.REPLICATION_FACTOR, value));

    assertThatThrownBy(() -> PoolSettings.from(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("invalid value '" + value + "' for WORKERPOOL_REPLICATION_FACTOR")
        .hasMessageContaining("from 1 to 32767");
  }
}
