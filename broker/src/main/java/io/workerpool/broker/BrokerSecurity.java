package io.workerpool.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The client authentication and authorization of an {@link EmbeddedKafkaBroker}: a SASL_SSL
 * client listener with SCRAM-SHA-512, optionally requiring client certificates (mutual TLS),
 * and Kafka's {@code StandardAuthorizer}, which denies every operation that no ACL allows
 * except to super users. Build one with {@link #builder()}.
 *
 * <p>The broker's own connections (inter-broker and controller) authenticate with SASL/PLAIN as
 * {@value #BROKER_PRINCIPAL} with a password generated at each start, so no unauthenticated
 * listener has super-user rights. {@link #toString()} never shows a password.
 */
public final class BrokerSecurity {

  /** The principal of the broker's own connections, always a super user. */
  public static final String BROKER_PRINCIPAL = "User:broker";

  /** The SASL mechanism of the client listener. */
  public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

  private final Path keyStore;
  private final String keyStorePassword;
  private final Path trustStore;
  private final String trustStorePassword;
  private final Map<String, String> scramUsers;
  private final Set<String> superUsers;

  private BrokerSecurity(Builder builder) {
    this.keyStore = builder.keyStore;
    this.keyStorePassword = builder.keyStorePassword;
    this.trustStore = builder.trustStore;
    this.trustStorePassword = builder.trustStorePassword;
    this.scramUsers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.scramUsers));
    this.superUsers = Collections.unmodifiableSet(new LinkedHashSet<>(builder.superUsers));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** PKCS12 key store with the broker's private key and certificate. */
  public Path keyStore() {
    return keyStore;
  }

  String keyStorePassword() {
    return keyStorePassword;
  }

  /**
   * PKCS12 trust store of the certificates that clients must present, when the listener
   * requires client certificates; empty when it does not.
   */
  public Optional<Path> trustStore() {
    return Optional.ofNullable(trustStore);
  }

  String trustStorePassword() {
    return trustStorePassword;
  }

  /** SCRAM-SHA-512 users, name to password, that the broker creates once it has started. */
  Map<String, String> scramUsers() {
    return scramUsers;
  }

  /** Principals besides {@value #BROKER_PRINCIPAL} that every ACL check allows. */
  public Set<String> superUsers() {
    return superUsers;
  }

  @Override
  public String toString() {
    return "BrokerSecurity{keyStore=" + keyStore
        + ", clientCertificates=" + (trustStore == null ? "not required" : "required, trusted in "
        + trustStore)
        + ", scramUsers=" + scramUsers.keySet()
        + ", superUsers=" + superUsers + "}";
  }

  /** Builder of {@link BrokerSecurity}. Not thread-safe. */
  public static final class Builder {
    private Path keyStore;
    private String keyStorePassword;
    private Path trustStore;
    private String trustStorePassword;
    private final Map<String, String> scramUsers = new LinkedHashMap<>();
    private final Set<String> superUsers = new LinkedHashSet<>();

    private Builder() {}

    /** Sets the PKCS12 key store with the broker's key and certificate. Required. */
    public Builder keyStore(Path path, String password) {
      this.keyStore = requireReadable(path, "key store");
      this.keyStorePassword = Objects.requireNonNull(password, "key store password");
      return this;
    }

    /**
     * Requires every client to present a certificate that {@code path}, a PKCS12 trust store,
     * trusts: mutual TLS on top of SCRAM.
     */
    public Builder requireClientCertificates(Path path, String password) {
      this.trustStore = requireReadable(path, "trust store");
      this.trustStorePassword = Objects.requireNonNull(password, "trust store password");
      return this;
    }

    /** Adds a SCRAM-SHA-512 user that the broker creates at start. */
    public Builder scramUser(String name, String password) {
      if (name == null || name.isBlank() || name.contains(",") || name.contains("=")) {
        throw new IllegalArgumentException("invalid SCRAM user name '" + name
            + "': use a non-empty name without ',' or '='");
      }
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException("missing password of SCRAM user '" + name + "'");
      }
      scramUsers.put(name, password);
      return this;
    }

    /** Adds a super user, such as {@code User:admin}, that every ACL check allows. */
    public Builder superUser(String principal) {
      if (principal == null || !principal.matches("[^:;\\s]+:[^;\\s]+")) {
        throw new IllegalArgumentException("invalid super user '" + principal
            + "': expected TYPE:NAME without ';' or spaces, for example User:admin");
      }
      superUsers.add(principal);
      return this;
    }

    public BrokerSecurity build() {
      if (keyStore == null) {
        throw new IllegalArgumentException(
            "missing key store: call BrokerSecurity.Builder.keyStore(path, password)");
      }
      return new BrokerSecurity(this);
    }

    private static Path requireReadable(Path path, String description) {
      Objects.requireNonNull(path, description);
      if (!Files.isReadable(path)) {
        throw new IllegalArgumentException(description + " " + path
            + " does not exist or is not readable; give the path of a PKCS12 file");
      }
      return path.toAbsolutePath().normalize();
    }
  }
}
