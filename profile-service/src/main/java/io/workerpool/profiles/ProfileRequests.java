package io.workerpool.profiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.workerpool.friends.Profile;
import io.workerpool.friends.SocialGraph;
import io.workerpool.protocol.MessageCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the profile service's requests; every response body is JSON.
 *
 * <ul>
 *   <li>{@code GET /users/{id}}: 200 with the profile, such as
 *       {@code {"id":23977,"name":"airtoxin","ml_target":0}}; 400 for an id that is not a whole
 *       number; 404 for an unknown user; 500 for an id in {@code PROFILE_SERVICE_FAIL_ON_IDS}.
 *       Each response, errors included, comes after {@code PROFILE_SERVICE_LATENCY}.
 *   <li>{@code GET /health}: 200 with {@code {"status":"UP"}}.
 *   <li>Any other method on these paths gets 405, and any other path gets 404.
 *   <li>Once the service is stopping, new requests get 503 and running ones skip the rest of
 *       their latency.
 * </ul>
 *
 * <p>Errors have the body {@code {"error": "..."}}, with a message that names the value.
 */
final class ProfileRequests implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(ProfileRequests.class);

  private static final String USERS = "/users/";
  private static final String HEALTH = "/health";
  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d+");

  private final SocialGraph graph;
  private final ProfileServiceSettings settings;
  private final CountDownLatch stopping;

  ProfileRequests(SocialGraph graph, ProfileServiceSettings settings, CountDownLatch stopping) {
    this.graph = graph;
    this.settings = settings;
    this.stopping = stopping;
  }

  /** A response: its status, its body before JSON encoding and an optional Allow header. */
  private record Response(int status, Object body, Optional<String> allow) {

    static Response ok(Object body) {
      return new Response(200, body, Optional.empty());
    }

    static Response error(int status, String message) {
      return new Response(status, Map.of("error", message), Optional.empty());
    }

    static Response methodNotAllowed(String method, String path) {
      return new Response(405, Map.of("error", "method " + method + " is not allowed on "
          + path + ": use GET"), Optional.of("GET"));
    }
  }

  @Override
  public void handle(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    try (exchange) {
      Response response;
      try {
        response = respond(method, path);
      } catch (InterruptedException e) {
        // The executor is shutting down without waiting for this request.
        Thread.currentThread().interrupt();
        response = Response.error(503, "the profile service is stopping; retry later");
      } catch (RuntimeException e) {
        log.error("Request {} {} failed", method, path, e);
        response = Response.error(500, "the profile service failed on " + method + " " + path
            + ": " + e);
      }
      send(exchange, response);
      log.debug("Responded to {} {} with HTTP {}", method, path, response.status());
    } catch (IOException e) {
      // A client that aborts a request, as a worker does for a cancelled task, ends up here.
      log.debug("Response to {} {} not sent: {}", method, path, e.toString());
    }
  }

  private Response respond(String method, String path) throws InterruptedException {
    if (stopping.getCount() == 0) {
      return Response.error(503, "the profile service is stopping; retry later");
    }
    if (path.equals(HEALTH)) {
      return method.equals("GET") ? Response.ok(Map.of("status", "UP"))
          : Response.methodNotAllowed(method, path);
    }
    if (path.startsWith(USERS)) {
      awaitLatency();
      return method.equals("GET") ? user(path.substring(USERS.length()))
          : Response.methodNotAllowed(method, path);
    }
    return Response.error(404, "no resource at " + path + ": use GET " + USERS + "{id} or GET "
        + HEALTH);
  }

  private Response user(String idText) {
    String allowed = "expected a user id from 0 to " + (graph.userCount() - 1);
    if (!WHOLE_NUMBER.matcher(idText).matches()) {
      return Response.error(400, "invalid user id '" + idText + "': " + allowed);
    }
    int id;
    try {
      id = Integer.parseInt(idText);
    } catch (NumberFormatException e) {
      return Response.error(404, "user " + idText + " not found: " + allowed);
    }
    if (settings.failOnIds().contains(id)) {
      return Response.error(500, "profile service failed for user " + id + " because it is "
          + "configured to fail for the ids in " + ProfileServiceSettings.FAIL_ON_IDS);
    }
    Optional<Profile> profile = graph.profile(id);
    if (profile.isEmpty()) {
      return Response.error(404, "user " + id + " not found: " + allowed);
    }
    return Response.ok(profile.get());
  }

  /** Waits the configured latency, or less when the service starts stopping meanwhile. */
  private void awaitLatency() throws InterruptedException {
    if (!settings.latency().isZero()) {
      stopping.await(settings.latency().toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    byte[] body;
    try {
      body = MessageCodec.mapper().writeValueAsBytes(response.body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the JSON of " + response.body(), e);
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    response.allow().ifPresent(allow -> exchange.getResponseHeaders().set("Allow", allow));
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
