package io.workerpool.friends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tests the checks of {@link HttpProfileSource} and its handling of raw HTTP exchanges on a
 * loopback socket. The tests against the real profile service live in the profile-service
 * module, which depends on this one.
 */
class HttpProfileSourceTest {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int SOCKET_TIMEOUT_MILLIS = 10_000;

  private static HttpProfileSource source(String template) {
    return new HttpProfileSource(template, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
  }

  private static String template(ServerSocket server) {
    return "http://127.0.0.1:" + server.getLocalPort() + "/users/{id}";
  }

  private static ServerSocket loopbackServer() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  /** Reads a request up to the blank line that ends its head, and returns the head. */
  private static String readRequestHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int next = in.read();
      if (next < 0) {
        throw new IOException("connection closed after request head " + head);
      }
      head.write(next);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** Responds to one request with HTTP 200 and {@code body}, and closes the connection. */
  private static CompletableFuture<String> answerOnce(ServerSocket server, String body) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket connection = server.accept()) {
        connection.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
        String head = readRequestHead(connection.getInputStream());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = connection.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.flush();
        return head;
      } catch (IOException e) {
        throw new IllegalStateException("test server failed", e);
      }
    });
  }

  @Test
  void templateWithoutPlaceholderIsRejected() {
    assertThatThrownBy(() -> source("http://127.0.0.1:8080/users/"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "invalid value 'http://127.0.0.1:8080/users/' for PROFILE_SOURCE_URL")
        .hasMessageContaining("no {id} placeholder");
  }

  @Test
  void otherSchemeIsRejected() {
    assertThatThrownBy(() -> source("ftp://127.0.0.1/users/{id}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PROFILE_SOURCE_URL")
        .hasMessageContaining("'ftp://127.0.0.1/users/{id}'")
        .hasMessageContaining("scheme is 'ftp'");
  }

  @Test
  void relativeTemplateIsRejected() {
    assertThatThrownBy(() -> source("/users/{id}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PROFILE_SOURCE_URL")
        .hasMessageContaining("has no scheme");
  }

  @Test
  void unparsableTemplateIsRejected() {
    assertThatThrownBy(() -> source("http://127.0.0.1:8080/users/{id} please"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PROFILE_SOURCE_URL")
        .hasMessageContaining("not a valid URL");
  }

  @Test
  void templateWithoutHostIsRejected() {
    assertThatThrownBy(() -> source("http:///users/{id}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("PROFILE_SOURCE_URL")
        .hasMessageContaining("no valid host");
  }

  @Test
  void httpsTemplateIsAccepted() {
    assertThat(source("HTTPS://127.0.0.1:8443/users/{id}?fields=all").urlTemplate())
        .isEqualTo("HTTPS://127.0.0.1:8443/users/{id}?fields=all");
  }

  @Test
  void zeroConnectTimeoutIsRejected() {
    assertThatThrownBy(() -> new HttpProfileSource("http://127.0.0.1:8080/users/{id}",
        Duration.ZERO, REQUEST_TIMEOUT))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid value '0ms' for PROFILE_SOURCE_CONNECT_TIMEOUT");
  }

  @Test
  void unsetUrlSelectsNoHttpSource() {
    assertThat(HttpProfileSource.fromSettings(Settings.of(Map.of()))).isEmpty();
  }

  @Test
  void settingsAreRead() {
    Settings settings = Settings.of(Map.of(
        "PROFILE_SOURCE_URL", "http://127.0.0.1:8080/users/{id}",
        "PROFILE_SOURCE_CONNECT_TIMEOUT", "500ms",
        "PROFILE_SOURCE_REQUEST_TIMEOUT", "3s"));

    assertThat(HttpProfileSource.fromSettings(settings))
        .hasValueSatisfying(source -> assertThat(source.urlTemplate())
            .isEqualTo("http://127.0.0.1:8080/users/{id}"));
  }

  @Test
  void invalidRequestTimeoutIsRejected() {
    Settings settings = Settings.of(Map.of(
        "PROFILE_SOURCE_URL", "http://127.0.0.1:8080/users/{id}",
        "PROFILE_SOURCE_REQUEST_TIMEOUT", "soon"));

    assertThatThrownBy(() -> HttpProfileSource.fromSettings(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid value 'soon' for PROFILE_SOURCE_REQUEST_TIMEOUT");
  }

  @Test
  void friendsJobRejectsInvalidUrl() {
    FriendsJob job = new FriendsJob();

    assertThatThrownBy(() -> job.configure(
        Settings.of(Map.of("PROFILE_SOURCE_URL", "127.0.0.1:8080/users"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid value '127.0.0.1:8080/users' for PROFILE_SOURCE_URL");
  }

  @Test
  void fetchSendsGetForUserId() throws Exception {
    try (ServerSocket server = loopbackServer()) {
      CompletableFuture<String> request =
          answerOnce(server, "{\"id\":7,\"name\":\"seven\",\"ml_target\":1}");

      Profile profile = source(template(server)).fetch(7);

      assertThat(profile).isEqualTo(new Profile(7, "seven", 1));
      assertThat(request.get(10, TimeUnit.SECONDS)).startsWith("GET /users/7 HTTP/1.1\r\n");
    }
  }

  @Test
  void profileOfOtherUserIsRejected() throws Exception {
    try (ServerSocket server = loopbackServer()) {
      answerOnce(server, "{\"id\":8,\"name\":\"eight\",\"ml_target\":0}");

      assertThatThrownBy(() -> source(template(server)).fetch(7))
          .isInstanceOf(ProfileFetchException.class)
          .hasMessageContaining("expected the profile of user 7");
    }
  }

  @Test
  void invalidJsonIsRejected() throws Exception {
    try (ServerSocket server = loopbackServer()) {
      answerOnce(server, "<html>not json</html>");

      assertThatThrownBy(() -> source(template(server)).fetch(7))
          .isInstanceOf(ProfileFetchException.class)
          .hasMessageContaining("invalid profile JSON for user 7")
          .hasMessageContaining("/users/7");
    }
  }

  @Test
  void interruptClosesConnection() throws Exception {
    try (ServerSocket server = loopbackServer()) {
      // A request timeout longer than the socket timeout, so only the abort closes the connection.
      HttpProfileSource source =
          new HttpProfileSource(template(server), CONNECT_TIMEOUT, Duration.ofMinutes(5));
      CompletableFuture<Throwable> outcome = new CompletableFuture<>();
      Thread caller = new Thread(() -> {
        try {
          outcome.complete(new AssertionError("fetch returned " + source.fetch(7)));
        } catch (Throwable e) {
          outcome.complete(e);
        }
      }, "fetch-caller");
      caller.start();
      try (Socket connection = server.accept()) {
        connection.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
        InputStream in = connection.getInputStream();
        readRequestHead(in);

        caller.interrupt();

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(readAfterClose(in)).isEqualTo(-1);
      }
    }
  }

  /** Reads the next byte; a reset connection counts as closed, like the end of the stream. */
  private static int readAfterClose(InputStream in) throws IOException {
    try {
      return in.read();
    } catch (SocketException e) {
      return -1;
    }
  }
}
