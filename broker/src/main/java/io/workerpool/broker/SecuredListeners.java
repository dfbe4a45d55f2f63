package io.workerpool.broker;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The listener layout of a broker with {@link BrokerSecurity}: a SASL_SSL listener for clients
 * with SCRAM-SHA-512, and SASL_PLAINTEXT listeners with SASL/PLAIN for the broker's own
 * inter-broker and controller connections. The broker's password is random for each start and
 * never leaves this JVM.
 */
final class SecuredListeners {

  static final String INTERNAL_LISTENER = "INTERNAL";
  static final String CLIENT_LISTENER = "CLIENT";
  private static final String BROKER_USER = "broker";
  private static final String PLAIN = "PLAIN";
  private static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

  private final BrokerSecurity security;
  private final String brokerPassword;

  SecuredListeners(BrokerSecurity security) {
    this.security = security;
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    this.brokerPassword = HexFormat.of().formatHex(random);
  }

  /** Returns the listener, SASL, TLS and authorizer properties of the broker. */
  Map<String, String> brokerProperties(String host, int internalPort, int clientPort,
      String controllerListener, int controllerPort) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("listeners", INTERNAL_LISTENER + "://" + host + ":" + internalPort + ","
        + CLIENT_LISTENER + "://" + host + ":" + clientPort + ","
        + controllerListener + "://" + host + ":" + controllerPort);
    properties.put("advertised.listeners", INTERNAL_LISTENER + "://" + host + ":" + internalPort
        + "," + CLIENT_LISTENER + "://" + host + ":" + clientPort);
    properties.put("listener.security.protocol.map", INTERNAL_LISTENER + ":SASL_PLAINTEXT,"
        + CLIENT_LISTENER + ":SASL_SSL," + controllerListener + ":SASL_PLAINTEXT");
    properties.put("inter.broker.listener.name", INTERNAL_LISTENER);
    properties.put("sasl.mechanism.inter.broker.protocol", PLAIN);
    properties.put("sasl.mechanism.controller.protocol", PLAIN);
    for (String listener : new String[] {INTERNAL_LISTENER, controllerListener}) {
      String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
      properties.put(prefix + "sasl.enabled.mechanisms", PLAIN);
      // The username and password are what this broker sends; user_broker is what it accepts.
      properties.put(prefix + "plain.sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
              + BROKER_USER + "\" password=\"" + brokerPassword + "\" user_" + BROKER_USER
              + "=\"" + brokerPassword + "\";");
    }
    String client = "listener.name." + CLIENT_LISTENER.toLowerCase(Locale.ROOT) + ".";
    properties.put(client + "sasl.enabled.mechanisms", BrokerSecurity.SCRAM_MECHANISM);
    properties.put(client + BrokerSecurity.SCRAM_MECHANISM.toLowerCase(Locale.ROOT)
        + ".sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    properties.put(client + "ssl.keystore.type", "PKCS12");
    properties.put(client + "ssl.keystore.location", security.keyStore().toString());
    properties.put(client + "ssl.keystore.password", security.keyStorePassword());
    security.trustStore().ifPresentOrElse(trustStore -> {
      properties.put(client + "ssl.client.auth", "required");
      properties.put(client + "ssl.truststore.type", "PKCS12");
      properties.put(client + "ssl.truststore.location", trustStore.toString());
      properties.put(client + "ssl.truststore.password", security.trustStorePassword());
    }, () -> properties.put(client + "ssl.client.auth", "none"));
    properties.put("authorizer.class.name", AUTHORIZER);
    StringBuilder superUsers = new StringBuilder(BrokerSecurity.BROKER_PRINCIPAL);
    security.superUsers().forEach(user -> superUsers.append(';').append(user));
    properties.put("super.users", superUsers.toString());
    properties.put("allow.everyone.if.no.acl.found", "false");
    return properties;
  }

  /** Returns the client properties of the broker's own admin client on the internal listener. */
  Map<String, Object> internalClientProperties() {
    return Map.of(
        "security.protocol", "SASL_PLAINTEXT",
        "sasl.mechanism", PLAIN,
        "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"" + BROKER_USER + "\" password=\"" + brokerPassword + "\";");
  }
}
