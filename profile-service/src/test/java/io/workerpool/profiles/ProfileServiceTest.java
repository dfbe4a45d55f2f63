package io.workerpool.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProfileServiceTest {

  private static final int FAILING_USER = 1095;

  private static final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private static ProfileService service;

  @BeforeAll
  static void startService() throws IOException {
    service = ProfileService.start(ProfileServiceSettings.onPort(0)
        .withFailOnIds(Set.of(FAILING_USER)));
  }

  @AfterAll
  static void stopService() {
    service.close();
  }

  private static URI uri(ProfileService target, String path) {
    return URI.create("http://127.0.0.1:" + target.port() + path);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri(service, path)).build();
    return client.send(request, BodyHandlers.ofString());
  }

  @Test
  void knownUserReturnsProfile() throws Exception {
    HttpResponse<String> response = get("/users/23977");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"id\":23977,\"name\":\"airtoxin\",\"ml_target\":0}");
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
  }

  @Test
  void unknownUserIsNotFound() throws Exception {
    HttpResponse<String> response = get("/users/40000");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).startsWith("{\"error\":\"user 40000 not found");
  }

  @Test
  void idTooLargeForIntIsNotFound() throws Exception {
    HttpResponse<String> response = get("/users/99999999999");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("user 99999999999 not found");
  }

  @Test
  void nonNumericIdIsBadRequest() throws Exception {
    HttpResponse<String> response = get("/users/abc");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("invalid user id 'abc'");
  }

  @Test
  void missingIdIsBadRequest() throws Exception {
    HttpResponse<String> response = get("/users/");

    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void postIsMethodNotAllowed() throws Exception {
    HttpRequest post = HttpRequest.newBuilder(uri(service, "/users/23977"))
        .POST(BodyPublishers.ofString("{}"))
        .build();

    HttpResponse<String> response = client.send(post, BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("GET");
    assertThat(response.body()).contains("method POST is not allowed on /users/23977");
  }

  @Test
  void configuredIdFailsWithServerError() throws Exception {
    HttpResponse<String> response = get("/users/" + FAILING_USER);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).contains("user " + FAILING_USER)
        .contains("configured to fail");
  }

  @Test
  void healthIsUp() throws Exception {
    HttpResponse<String> response = get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void unknownPathIsNotFound() throws Exception {
    HttpResponse<String> response = get("/profiles/1");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("no resource at /profiles/1");
  }

  @Test
  void latencyDelaysEachAnswer() throws Exception {
    Duration latency = Duration.ofMillis(200);
    try (ProfileService slow =
        ProfileService.start(ProfileServiceSettings.onPort(0).withLatency(latency))) {
      long start = System.nanoTime();
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(uri(slow, "/users/23977")).build(), BodyHandlers.ofString());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(elapsed).isGreaterThanOrEqualTo(latency);
    }
  }

  @Test
  void closeLetsRunningRequestFinish() throws Exception {
    ProfileService slow = ProfileService.start(
        ProfileServiceSettings.onPort(0).withLatency(Duration.ofMinutes(5)));
    CompletableFuture<HttpResponse<String>> response = client.sendAsync(
        HttpRequest.newBuilder(uri(slow, "/users/23977")).build(), BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> slow.runningRequests() == 1);

    slow.close();

    HttpResponse<String> finished = response.get(10, TimeUnit.SECONDS);
    assertThat(finished.statusCode()).isEqualTo(200);
    assertThat(finished.body()).contains("airtoxin");
  }

  @Test
  void closedServiceRefusesConnections() throws Exception {
    ProfileService closed = ProfileService.start(ProfileServiceSettings.onPort(0));
    URI health = uri(closed, "/health");
    closed.close();

    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(health).build(),
        BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void portInUseFailsToStart() {
    ProfileServiceSettings samePort = ProfileServiceSettings.onPort(service.port());

    assertThatThrownBy(() -> ProfileService.start(samePort))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot listen on 127.0.0.1:" + service.port())
        .hasMessageContaining("PROFILE_SERVICE_PORT");
  }
}
