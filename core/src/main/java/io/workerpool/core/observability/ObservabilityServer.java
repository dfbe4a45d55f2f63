package io.workerpool.core.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.workerpool.core.runtime.RoleState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a role's health and metrics over HTTP:
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 until the main loop has ended, then 503;
 *   <li>{@code GET /health/ready}: 200 while the role takes work and the Kafka cluster responds,
 *       503 while it starts or drains or the cluster does not respond;
 *   <li>{@code GET /metrics}: the role's metrics in the Prometheus text format.
 * </ul>
 */
public final class ObservabilityServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ObservabilityServer.class);

  private final HttpServer server;

  private ObservabilityServer(HttpServer server) {
    this.server = server;
  }

  /** Starts the server on its own daemon thread. */
  public static ObservabilityServer start(HttpSettings settings, Supplier<RoleState> state,
      BooleanSupplier kafkaReachable, PrometheusMeterRegistry registry) {
    HttpServer server;
    try {
      server = HttpServer.create(
          new InetSocketAddress(settings.bindAddress(), settings.port()), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serve health and metrics on "
          + settings.bindAddress() + " port " + settings.port() + ": " + e.getMessage()
          + "; choose another WORKERPOOL_HTTP_PORT or WORKERPOOL_HTTP_BIND", e);
    }
    server.createContext("/health/live", exchange -> respondHealth(exchange, state.get(),
        state.get() != RoleState.STOPPED));
    server.createContext("/health/ready", exchange -> respondHealth(exchange, state.get(),
        state.get() == RoleState.RUNNING && kafkaReachable.getAsBoolean()));
    server.createContext("/metrics", exchange -> respond(exchange, 200,
        "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.setExecutor(Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "http-endpoints");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
    log.info("Serving /health/live, /health/ready and /metrics on {}:{}",
        settings.bindAddress(), server.getAddress().getPort());
    return new ObservabilityServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respondHealth(HttpExchange exchange, RoleState state, boolean healthy)
      throws IOException {
    respond(exchange, healthy ? 200 : 503, "application/json",
        "{\"status\":\"" + (healthy ? "UP" : "DOWN") + "\",\"state\":\"" + state + "\"}");
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
