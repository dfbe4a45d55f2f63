package io.workerpool.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaClientConfigTest {

  private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule "
      + "required username=\"producer\" password=\"hunter2\";";

  @TempDir
  Path directory;

  @Test
  void fileSetsKafkaPropertiesByTheirOwnNames() throws IOException {
    Path file = writeFile("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");

    KafkaClientConfig config = KafkaClientConfig.from(
        Settings.of(Map.of(KafkaClientConfig.CONFIG_FILE, file.toString())));

    assertThat(config.properties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
  }

  @Test
  void environmentWinsOverFile() throws IOException {
    Path file = writeFile("security.protocol=SASL_SSL\nbootstrap.servers=127.0.0.1:9093\n");

    KafkaClientConfig config = KafkaClientConfig.from(Settings.of(Map.of(
        KafkaClientConfig.CONFIG_FILE, file.toString(),
        "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9094")));

    assertThat(config.properties())
        .containsEntry("bootstrap.servers", "127.0.0.1:9094")
        .containsEntry("security.protocol", "SASL_SSL");
  }

  @Test
  void fileSettingIsNotPassedToClients() throws IOException {
    Path file = writeFile("client.rack=r1\n");

    KafkaClientConfig config = KafkaClientConfig.from(
        Settings.of(Map.of(KafkaClientConfig.CONFIG_FILE, file.toString())));

    assertThat(config.properties()).containsOnlyKeys("client.rack");
  }

  @Test
  void missingFileErrorNamesPathAndSetting() {
    Path missing = directory.resolve("absent.properties");
    Settings settings = Settings.of(Map.of(KafkaClientConfig.CONFIG_FILE, missing.toString()));

    assertThatThrownBy(() -> KafkaClientConfig.from(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'" + missing + "'")
        .hasMessageContaining(KafkaClientConfig.CONFIG_FILE);
  }

  @Test
  void malformedEscapeErrorNamesFile() throws IOException {
    Path file = directory.resolve("broken.properties");
    Files.writeString(file, "ssl.truststore.location=C:\\u12 broken\n");
    Settings settings = Settings.of(Map.of(KafkaClientConfig.CONFIG_FILE, file.toString()));

    assertThatThrownBy(() -> KafkaClientConfig.from(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("invalid Kafka client properties file '" + file + "'")
        .hasMessageContaining("Malformed");
  }

  @Test
  void summaryRedactsSecretsFromFileAndEnvironment() throws IOException {
    Path file = writeFile("sasl.jaas.config=" + JAAS.replace("\"", "\\\"") + "\n"
        + "ssl.truststore.password=trust-secret\n");

    KafkaClientConfig config = KafkaClientConfig.from(Settings.of(Map.of(
        KafkaClientConfig.CONFIG_FILE, file.toString(),
        "KAFKA_SSL_KEY_PASSWORD", "key-secret",
        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL")));
    String summary = config.summary();

    assertThat(config.properties()).containsEntry("sasl.jaas.config", JAAS);
    assertThat(summary).contains("security.protocol=SASL_SSL");
    assertThat(summary).contains("sasl.jaas.config=[redacted]");
    assertThat(summary).contains("ssl.key.password=[redacted]");
    assertThat(summary).contains("ssl.truststore.password=[redacted]");
    assertThat(summary).doesNotContain("hunter2", "trust-secret", "key-secret");
    assertThat(config.toString()).doesNotContain("hunter2", "trust-secret", "key-secret");
  }

  @Test
  void clientsSummaryRedactsSecretsAndNamesDefaultBootstrap() {
    KafkaClients clients = new KafkaClients(Settings.of(Map.of(
        "KAFKA_SASL_JAAS_CONFIG", JAAS)), "test");

    assertThat(clients.summary())
        .isEqualTo("bootstrap.servers=127.0.0.1:9092, sasl.jaas.config=[redacted]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sasl.jaas.config", "ssl.key.password", "ssl.keystore.password",
      "ssl.truststore.password", "ssl.keystore.key", "sasl.oauthbearer.client.credentials.client.secret",
      "sasl.login.custom.token", "vendor.api.secret", "custom.private.key", "SSL.KEY.PASSWORD",
      "basic.auth.user.info", "vendor.apikey", "vendor.api.key.id"})
  void secretPropertiesAreRedacted(String property) {
    assertThat(SecretProperties.redact(property, "value")).isEqualTo(SecretProperties.REDACTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bootstrap.servers", "security.protocol", "sasl.mechanism",
      "ssl.truststore.location", "ssl.keystore.location", "ssl.endpoint.identification.algorithm",
      "client.id"})
  void plainPropertiesAreShown(String property) {
    assertThat(SecretProperties.redact(property, "value")).isEqualTo("value");
  }

  private Path writeFile(String content) throws IOException {
    Path file = directory.resolve("client.properties");
    Files.writeString(file, content);
    return file;
  }
}
