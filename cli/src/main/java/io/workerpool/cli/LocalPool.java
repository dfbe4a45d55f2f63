package io.workerpool.cli;

import io.workerpool.broker.EmbeddedKafkaBroker;
import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.KafkaClients;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole pool on this machine: an embedded broker in this JVM, a {@link RolePool} of child
 * processes and, when asked, a profile service as one more child. Closing it stops the
 * children, then the broker.
 */
final class LocalPool implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final EmbeddedKafkaBroker broker;
  private final RoleProcess profileService;
  private final RolePool roles;

  private LocalPool(EmbeddedKafkaBroker broker, RoleProcess profileService, RolePool roles) {
    this.broker = broker;
    this.profileService = profileService;
    this.roles = roles;
  }

  /**
   * Starts the pool.
   *
   * @param profileServiceEnvironment settings of a profile service to start and fetch profiles
   *     from, or null to fetch them from the bundled dataset inside the workers
   * @param queues stage queues that each get one worker of their own
   */
  static LocalPool start(int workers, Map<String, String> roleEnvironment,
      Map<String, String> profileServiceEnvironment, Collection<String> queues, PrintStream log)
      throws IOException, InterruptedException {
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker();
    broker.start();
    RoleProcess profileService = null;
    try {
      Map<String, String> environment = new HashMap<>(roleEnvironment);
      environment.put(KafkaClients.BOOTSTRAP_SERVERS, broker.bootstrapServers());
      if (profileServiceEnvironment != null) {
        int port = LoopbackPorts.free();
        profileService = startProfileService(port, profileServiceEnvironment, log);
        environment.put("PROFILE_SOURCE_URL", "http://127.0.0.1:" + port + "/users/{id}");
      }
      RolePool roles = RolePool.start(workers, environment, log);
      try {
        for (String queue : queues) {
          roles.startQueueWorker(queue);
        }
      } catch (IOException | RuntimeException e) {
        roles.close();
        throw e;
      }
      return new LocalPool(broker, profileService, roles);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (profileService != null) {
        profileService.close();
      }
      broker.close();
      throw e;
    }
  }

  private static RoleProcess startProfileService(int port, Map<String, String> settings,
      PrintStream log) throws IOException, InterruptedException {
    Map<String, String> environment = new HashMap<>(settings);
    environment.put("PROFILE_SERVICE_BIND", "127.0.0.1");
    environment.put("PROFILE_SERVICE_PORT", String.valueOf(port));
    RoleProcess service = RoleProcess.start("profiles", "io.workerpool.profiles.ProfileServiceMain",
        environment, List.of("-Xmx128m"), log);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/health")).build();
    Instant giveUp = Instant.now().plus(READY_TIMEOUT);
    while (true) {
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return service;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      if (!service.isAlive() || Instant.now().isAfter(giveUp)) {
        service.close();
        throw new IllegalStateException("the profile service did not start on port " + port
            + " within " + READY_TIMEOUT.toSeconds() + " s; its log is above");
      }
      Thread.sleep(100);
    }
  }


  Settings settings() {
    return roles.settings();
  }

  @Override
  public void close() throws InterruptedException {
    try {
      roles.close();
      if (profileService != null) {
        profileService.close();
      }
    } finally {
      broker.close();
    }
  }
}
