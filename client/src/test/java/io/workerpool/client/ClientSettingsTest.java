package io.workerpool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClientConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {

  @TempDir
  Path directory;

  @Test
  void propertiesBecomeKafkaSettings() {
    Settings settings = ClientSettings.of("127.0.0.1:9092",
        Map.of("security.protocol", "SASL_SSL"), null, "pool-a.", Duration.ofSeconds(15));

    Map<String, String> properties = KafkaClientConfig.from(settings).properties();
    assertThat(properties).containsEntry("bootstrap.servers", "127.0.0.1:9092");
    assertThat(properties).containsEntry("security.protocol", "SASL_SSL");
    assertThat(settings.optional("WORKERPOOL_TOPIC_PREFIX")).hasValue("pool-a.");
  }

  @Test
  void kafkaTimeoutSetsClientTimeouts() {
    Settings settings = ClientSettings.of("127.0.0.1:9092", Map.of(), null, "workerpool.",
        Duration.ofSeconds(3));

    Map<String, String> properties = KafkaClientConfig.from(settings).properties();
    assertThat(properties).containsEntry("max.block.ms", "3000");
    assertThat(properties).containsEntry("default.api.timeout.ms", "3000");
    assertThat(properties).containsEntry("request.timeout.ms", "2000");
  }

  @Test
  void fileTimeoutWinsOverKafkaTimeout() throws IOException {
    Path file = directory.resolve("client.properties");
    Files.writeString(file, "max.block.ms=45000\nbootstrap.servers=10.0.0.1:9092\n");

    Settings settings = ClientSettings.of("127.0.0.1:9092", Map.of(), file, "workerpool.",
        Duration.ofSeconds(3));

    Map<String, String> properties = KafkaClientConfig.from(settings).properties();
    assertThat(properties).containsEntry("max.block.ms", "45000");
    assertThat(properties).containsEntry("default.api.timeout.ms", "3000");
    assertThat(properties).containsEntry("bootstrap.servers", "127.0.0.1:9092");
  }

  @Test
  void upperCasePropertyNameIsRejected() {
    assertThatThrownBy(() -> ClientSettings.of("127.0.0.1:9092",
        Map.of("SECURITY_PROTOCOL", "SSL"), null, "workerpool.", Duration.ofSeconds(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'SECURITY_PROTOCOL'")
        .hasMessageContaining("'security.protocol'");
  }
}
