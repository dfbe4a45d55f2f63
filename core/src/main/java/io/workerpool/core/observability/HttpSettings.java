package io.workerpool.core.observability;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.IpAddresses;
import io.workerpool.core.config.Settings;
import java.util.Optional;

/**
 * The listening address of a role's health and metrics endpoints.
 *
 * @param bindAddress the address to listen on, from {@code WORKERPOOL_HTTP_BIND} (default
 *     {@code 127.0.0.1}; containers set {@code 0.0.0.0})
 * @param port the port, from {@code WORKERPOOL_HTTP_PORT}; 0 picks a free port
 */
public record HttpSettings(String bindAddress, int port) {

  /** Returns the settings, or empty when {@code WORKERPOOL_HTTP_PORT} is unset: no server. */
  public static Optional<HttpSettings> from(Settings settings) {
    Optional<String> port = settings.optional("WORKERPOOL_HTTP_PORT");
    if (port.isEmpty()) {
      return Optional.empty();
    }
    int value;
    try {
      value = Integer.parseInt(port.get());
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 0 || value > 65_535) {
      throw new ConfigException("invalid value '" + port.get() + "' for WORKERPOOL_HTTP_PORT: "
          + "expected a port from 0 to 65535, for example 8081, or unset to serve no endpoints");
    }
    String bind = settings.string("WORKERPOOL_HTTP_BIND", "127.0.0.1");
    IpAddresses.parseLiteral(bind, "WORKERPOOL_HTTP_BIND", "127.0.0.1");
    return Optional.of(new HttpSettings(bind, value));
  }
}
