package io.workerpool.profiles;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Durations;
import io.workerpool.core.config.Settings;
import io.workerpool.core.config.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of the profile service.
 *
 * @param bindAddress the IP address of this machine to listen on, IPv4 or IPv6; host names are
 *     rejected, so reading the settings never sends a DNS query
 * @param port the TCP port to listen on, from 0 to 65535, where 0 picks a free port
 * @param latency the time the service waits before it responds to each {@code /users} request
 * @param failOnIds user ids whose {@code /users} request fails with HTTP 500
 * @param threads the number of threads that handle requests
 */
public record ProfileServiceSettings(String bindAddress, int port, Duration latency,
    Set<Integer> failOnIds, int threads) {

  /** Environment variable for {@link #bindAddress()}. */
  public static final String BIND = "PROFILE_SERVICE_BIND";

  /** Environment variable for {@link #port()}. */
  public static final String PORT = "PROFILE_SERVICE_PORT";

  /** Environment variable for {@link #latency()}. */
  public static final String LATENCY = "PROFILE_SERVICE_LATENCY";

  /** Environment variable for {@link #failOnIds()}. */
  public static final String FAIL_ON_IDS = "PROFILE_SERVICE_FAIL_ON_IDS";

  /** Environment variable for {@link #threads()}. */
  public static final String THREADS = "PROFILE_SERVICE_THREADS";

  /** Default of {@value #BIND}: the loopback address, reachable only from this machine. */
  public static final String DEFAULT_BIND = "127.0.0.1";

  /** Default of {@value #PORT}. */
  public static final int DEFAULT_PORT = 8080;

  /** Default of {@value #THREADS}. */
  public static final int DEFAULT_THREADS = 32;

  private static final int MAX_PORT = 65_535;

  /**
   * Checks every value.
   *
   * @throws ConfigException naming the setting and the value when one is invalid
   */
  public ProfileServiceSettings {
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new ConfigException("missing value for " + BIND + ": expected an IP address of this "
          + "machine, for example " + DEFAULT_BIND);
    }
    bindAddress = bindAddress.strip();
    parseIpAddress(bindAddress);
    if (port < 0 || port > MAX_PORT) {
      throw invalidPort(String.valueOf(port));
    }
    if (latency == null || latency.isNegative()) {
      throw new ConfigException("invalid value '" + latency + "' for " + LATENCY
          + ": expected a duration of 0 or more, such as 0ms or 200ms");
    }
    if (threads < 1) {
      throw new ConfigException("invalid value '" + threads + "' for " + THREADS
          + ": expected a positive whole number, for example " + DEFAULT_THREADS);
    }
    failOnIds = Set.copyOf(failOnIds);
  }

  /** Returns the default settings with another port. Tests use it with port 0. */
  public static ProfileServiceSettings onPort(int port) {
    return new ProfileServiceSettings(DEFAULT_BIND, port, Duration.ZERO, Set.of(),
        DEFAULT_THREADS);
  }

  /**
   * Reads the settings named by this class's constants, each with its default when unset.
   *
   * @throws ConfigException naming the setting and the value when one is invalid
   */
  public static ProfileServiceSettings from(Settings settings) {
    return new ProfileServiceSettings(
        settings.string(BIND, DEFAULT_BIND),
        port(settings),
        settings.duration(LATENCY, Duration.ZERO),
        settings.intSet(FAIL_ON_IDS),
        settings.positiveInt(THREADS, DEFAULT_THREADS));
  }

  /** Returns a copy with another latency. */
  public ProfileServiceSettings withLatency(Duration newLatency) {
    return new ProfileServiceSettings(bindAddress, port, newLatency, failOnIds, threads);
  }

  /** Returns a copy with other failing ids. */
  public ProfileServiceSettings withFailOnIds(Set<Integer> newFailOnIds) {
    return new ProfileServiceSettings(bindAddress, port, latency, newFailOnIds, threads);
  }

  /** Describes the settings for the start log, for example {@code threads 32, latency 0ms}. */
  String describe() {
    return "threads " + threads + ", latency " + Durations.format(latency) + ", failing ids "
        + (failOnIds.isEmpty() ? "none" : failOnIds.toString());
  }

  /** Returns {@link #bindAddress()} as an {@link InetAddress}, which needs no DNS lookup. */
  InetAddress bindInetAddress() {
    return parseIpAddress(bindAddress);
  }

  private static InetAddress parseIpAddress(String text) {
    return IpAddresses.parseLiteral(text, BIND, DEFAULT_BIND);
  }

  private static int port(Settings settings) {
    Optional<String> text = settings.optional(PORT);
    if (text.isEmpty()) {
      return DEFAULT_PORT;
    }
    try {
      return Integer.parseInt(text.get());
    } catch (NumberFormatException e) {
      throw invalidPort(text.get());
    }
  }

  private static ConfigException invalidPort(String value) {
    return new ConfigException("invalid value '" + value + "' for " + PORT
        + ": expected a port number from 0 to " + MAX_PORT + ", where 0 picks a free port");
  }
}
