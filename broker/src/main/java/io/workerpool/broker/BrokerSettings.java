package io.workerpool.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable settings of an {@link EmbeddedKafkaBroker}: listener port, data directory,
 * extra broker properties and startup timeout. Build one with {@link #builder()}.
 */
public final class BrokerSettings {

  /** Default time that {@link EmbeddedKafkaBroker#start()} waits for the broker to respond to requests. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Broker properties that {@link EmbeddedKafkaBroker} derives from the port and data directory.
   * The builder rejects them as extra properties because overriding them would break the
   * single-node KRaft layout.
   */
  static final Set<String> RESERVED_PROPERTIES = Set.of(
      "process.roles",
      "node.id",
      "listeners",
      "advertised.listeners",
      "listener.security.protocol.map",
      "inter.broker.listener.name",
      "controller.listener.names",
      "controller.quorum.voters",
      "controller.quorum.bootstrap.servers",
      "log.dir",
      "log.dirs",
      "metadata.log.dir");

  private final int port;
  private final Path dataDirectory;
  private final Map<String, String> brokerProperties;
  private final Duration startupTimeout;
  private final BrokerSecurity security;

  private BrokerSettings(Builder builder) {
    this.port = builder.port;
    this.dataDirectory = builder.dataDirectory;
    this.brokerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.brokerProperties));
    this.startupTimeout = builder.startupTimeout;
    this.security = builder.security;
  }

  /** Creates a builder with port 0, a temporary data directory and no extra properties. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns settings with port 0, a temporary data directory and no extra properties. */
  public static BrokerSettings defaults() {
    return builder().build();
  }

  /**
   * Client listener port on 127.0.0.1, or 0 to pick a free port at start. With
   * {@link #security()} this is the SASL_SSL listener's port.
   */
  public int port() {
    return port;
  }

  /**
   * Directory that keeps the broker's logs and metadata across restarts. Empty means that
   * the broker creates a temporary directory and deletes it on close.
   */
  public Optional<Path> dataDirectory() {
    return Optional.ofNullable(dataDirectory);
  }

  /** Extra broker properties, applied over the embedded defaults, in insertion order. */
  public Map<String, String> brokerProperties() {
    return brokerProperties;
  }

  /** Maximum time that {@link EmbeddedKafkaBroker#start()} waits for the broker to respond to requests. */
  public Duration startupTimeout() {
    return startupTimeout;
  }

  /**
   * Returns the client authentication and authorization settings. Empty means a PLAINTEXT
   * listener without an authorizer, where every client may do everything.
   */
  public Optional<BrokerSecurity> security() {
    return Optional.ofNullable(security);
  }

  @Override
  public String toString() {
    return "BrokerSettings{port=" + port
        + ", dataDirectory=" + (dataDirectory == null ? "<temporary>" : dataDirectory)
        + ", brokerProperties=" + brokerProperties
        + ", startupTimeout=" + startupTimeout
        + ", security=" + (security == null ? "none" : security) + "}";
  }

  /** Builder of {@link BrokerSettings}. Not thread-safe. */
  public static final class Builder {
    private int port = 0;
    private Path dataDirectory;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
    private BrokerSecurity security;

    private Builder() {
    }

    /**
     * Makes the client listener SASL_SSL with SCRAM-SHA-512 and turns on Kafka's
     * StandardAuthorizer. Null, the default, keeps a PLAINTEXT listener without an authorizer.
     */
    public Builder security(BrokerSecurity security) {
      this.security = security;
      return this;
    }

    /** Sets the client listener port on 127.0.0.1. 0, the default, picks a free port at start. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            "Invalid port " + port + ": use 0 to pick a free port, or a port from 1 to 65535");
      }
      this.port = port;
      return this;
    }

    /**
     * Sets the directory that keeps the broker's data. The broker creates it if missing,
     * formats it on the first start and reuses it on later starts, and close() keeps it.
     * Null, the default, means a new temporary directory that close() deletes.
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory == null ? null : dataDirectory.toAbsolutePath().normalize();
      return this;
    }

    /**
     * Sets one extra broker property, for example {@code num.partitions}. It overrides the
     * embedded default of the same name.
     *
     * @throws IllegalArgumentException if the name is one of the listener, node or
     *     log directory properties that the port and data directory settings control
     */
    public Builder brokerProperty(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, () -> "value of broker property " + name);
      if (RESERVED_PROPERTIES.contains(name)) {
        throw new IllegalArgumentException("Broker property '" + name
            + "' is set by EmbeddedKafkaBroker from the port and data directory settings;"
            + " use BrokerSettings.Builder.port(int) or dataDirectory(Path) instead");
      }
      brokerProperties.put(name, value);
      return this;
    }

    /** Sets several extra broker properties, with the same checks as {@link #brokerProperty}. */
    public Builder brokerProperties(Map<String, String> properties) {
      properties.forEach(this::brokerProperty);
      return this;
    }

    /** Sets how long start() waits for the broker to respond to requests, 60 seconds by default. */
    public Builder startupTimeout(Duration startupTimeout) {
      Objects.requireNonNull(startupTimeout, "startupTimeout");
      if (startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException(
            "Invalid startup timeout " + startupTimeout + ": use a positive duration");
      }
      this.startupTimeout = startupTimeout;
      return this;
    }

    public BrokerSettings build() {
      return new BrokerSettings(this);
    }
  }
}
