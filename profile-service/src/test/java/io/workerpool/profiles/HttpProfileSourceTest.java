package io.workerpool.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.config.Settings;
import io.workerpool.core.job.TaskFailedException;
import io.workerpool.friends.FriendsJob;
import io.workerpool.friends.HttpProfileSource;
import io.workerpool.friends.Profile;
import io.workerpool.friends.ProfileFetchException;
import io.workerpool.friends.SocialGraph;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tests {@link HttpProfileSource} against a real {@link ProfileService}. */
class HttpProfileSourceTest {

  private static final int FAILING_USER = 1095;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static ProfileService service;
  private static HttpProfileSource source;

  @BeforeAll
  static void startService() throws IOException {
    service = ProfileService.start(ProfileServiceSettings.onPort(0)
        .withFailOnIds(Set.of(FAILING_USER)));
    source = new HttpProfileSource(template(service), CONNECT_TIMEOUT, REQUEST_TIMEOUT);
  }

  @AfterAll
  static void stopService() {
    service.close();
  }

  private static String template(ProfileService target) {
    return "http://127.0.0.1:" + target.port() + "/users/{id}";
  }

  @Test
  void fetchReturnsDatasetProfiles() throws Exception {
    SocialGraph graph = SocialGraph.github();
    for (int userId : new int[] {0, 23977, 31890, 19222, 37699}) {
      Profile fetched = source.fetch(userId);

      assertThat(fetched).as("user %d", userId).isEqualTo(graph.profile(userId).orElseThrow());
    }
  }

  @Test
  void unknownUserNamesUserAndUrl() {
    String url = "http://127.0.0.1:" + service.port() + "/users/40000";

    assertThatThrownBy(() -> source.fetch(40000))
        .isInstanceOf(ProfileFetchException.class)
        .hasMessage("profile of user 40000 not found (HTTP 404 from " + url + ")");
  }

  @Test
  void notFoundIsPermanent() {
    ProfileFetchException failure = catchThrowableOfType(ProfileFetchException.class,
        () -> source.fetch(40000));

    assertThat(failure.retriable()).isFalse();
  }

  @Test
  void serverErrorIsRetriable() {
    ProfileFetchException failure = catchThrowableOfType(ProfileFetchException.class,
        () -> source.fetch(FAILING_USER));

    assertThat(failure.retriable()).isTrue();
  }

  @Test
  void serverErrorNamesStatus() {
    assertThatThrownBy(() -> source.fetch(FAILING_USER))
        .isInstanceOf(ProfileFetchException.class)
        .hasMessageContaining("user " + FAILING_USER)
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("/users/" + FAILING_USER)
        .hasMessageContaining("configured to fail");
  }

  @Test
  void slowResponseTimesOut() throws Exception {
    try (ProfileService slow = ProfileService.start(
        ProfileServiceSettings.onPort(0).withLatency(Duration.ofMinutes(5)))) {
      HttpProfileSource impatient =
          new HttpProfileSource(template(slow), CONNECT_TIMEOUT, Duration.ofMillis(200));

      assertThatThrownBy(() -> impatient.fetch(23977))
          .isInstanceOf(ProfileFetchException.class)
          .hasMessageContaining("timed out after 200ms")
          .hasMessageContaining("PROFILE_SOURCE_REQUEST_TIMEOUT");
    }
  }

  @Test
  void stoppedServiceCannotBeReached() throws Exception {
    ProfileService stopped = ProfileService.start(ProfileServiceSettings.onPort(0));
    HttpProfileSource unreachable =
        new HttpProfileSource(template(stopped), CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    stopped.close();

    assertThatThrownBy(() -> unreachable.fetch(23977))
        .isInstanceOf(ProfileFetchException.class)
        .hasMessageContaining("http://127.0.0.1:" + stopped.port() + "/users/23977")
        .hasMessageContaining("cannot connect");
  }

  @Test
  void interruptAbortsSlowFetch() throws Exception {
    try (ProfileService slow = ProfileService.start(
        ProfileServiceSettings.onPort(0).withLatency(Duration.ofSeconds(10)))) {
      HttpProfileSource patient =
          new HttpProfileSource(template(slow), CONNECT_TIMEOUT, Duration.ofMinutes(5));
      CompletableFuture<Throwable> outcome = new CompletableFuture<>();
      Thread caller = new Thread(() -> {
        try {
          outcome.complete(new AssertionError("fetch returned " + patient.fetch(23977)));
        } catch (Throwable e) {
          outcome.complete(e);
        }
      }, "fetch-caller");
      caller.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> slow.runningRequests() == 1);

      caller.interrupt();

      assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }
  }

  @Test
  void friendsJobFetchesFromConfiguredUrl() throws Exception {
    FriendsJob job = new FriendsJob();
    job.configure(Settings.of(Map.of("PROFILE_SOURCE_URL", template(service))));

    JsonNode profile =
        job.processTask(JsonNodeFactory.instance.objectNode().put("friendId", 23977));

    assertThat(profile.toString())
        .isEqualTo("{\"id\":23977,\"name\":\"airtoxin\",\"ml_target\":0}");
  }

  @Test
  void friendsJobFailsTaskOnServerError() {
    FriendsJob job = new FriendsJob();
    job.configure(Settings.of(Map.of("PROFILE_SOURCE_URL", template(service))));

    assertThatThrownBy(() -> job.processTask(
        JsonNodeFactory.instance.objectNode().put("friendId", FAILING_USER)))
        .isInstanceOf(TaskFailedException.class)
        .hasMessageContaining("user " + FAILING_USER)
        .hasMessageContaining("HTTP 500");
  }
}
