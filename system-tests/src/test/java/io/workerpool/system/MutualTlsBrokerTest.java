package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.workerpool.broker.BrokerSecurity;
import io.workerpool.broker.BrokerSettings;
import io.workerpool.broker.EmbeddedKafkaBroker;
import io.workerpool.testing.TestCertificates;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker that requires client certificates on top of SCRAM-SHA-512. */
class MutualTlsBrokerTest {

  @TempDir
  static Path directory;

  private static TestCertificates brokerCertificates;
  private static TestCertificates clientCertificates;
  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    brokerCertificates = TestCertificates.create(directory, "broker");
    clientCertificates = TestCertificates.create(directory, "client");
    broker = new EmbeddedKafkaBroker(BrokerSettings.builder().security(BrokerSecurity.builder()
        .keyStore(brokerCertificates.keyStore(), brokerCertificates.password())
        .requireClientCertificates(clientCertificates.trustStore(),
            clientCertificates.password())
        .scramUser("admin", "admin-secret")
        .superUser("User:admin")
        .build()).build());
    broker.start();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void clientWithCertificateConnects() throws Exception {
    Map<String, Object> properties = scramProperties();
    properties.put("ssl.keystore.type", "PKCS12");
    properties.put("ssl.keystore.location", clientCertificates.keyStore().toString());
    properties.put("ssl.keystore.password", clientCertificates.password());

    try (Admin admin = Admin.create(properties)) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  @Test
  void clientWithoutCertificateIsRejected() {
    try (Admin admin = Admin.create(scramProperties())) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SslAuthenticationException.class);
    }
  }

  private static Map<String, Object> scramProperties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("bootstrap.servers", broker.bootstrapServers());
    properties.put("security.protocol", "SASL_SSL");
    properties.put("sasl.mechanism", "SCRAM-SHA-512");
    properties.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule"
        + " required username=\"admin\" password=\"admin-secret\";");
    properties.put("ssl.truststore.type", "PKCS12");
    properties.put("ssl.truststore.location", brokerCertificates.trustStore().toString());
    properties.put("ssl.truststore.password", brokerCertificates.password());
    properties.put("request.timeout.ms", 10_000);
    properties.put("default.api.timeout.ms", 20_000);
    return properties;
  }
}
