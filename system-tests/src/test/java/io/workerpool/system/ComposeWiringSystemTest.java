package io.workerpool.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.workerpool.cli.LoopbackPorts;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.testing.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docker-compose.yml without a Docker engine, to check its wiring: the commands, setting
 * names, ports, URLs and health checks of the services built from this repository's image.
 * Each of them runs as a local process, in the order of its {@code depends_on} conditions,
 * with the command and environment of the compose file. Only what must differ when every
 * service shares this machine is rewritten: {@code KAFKA_BOOTSTRAP_SERVERS} names the test
 * broker (which replaces the {@code kafka} service), every {@code *_BIND} is 127.0.0.1, every
 * {@code *_PORT} is a free loopback port, {@code PROFILE_SOURCE_URL} points at the profile
 * service's port, and {@code WORKERPOOL_TOPIC_PREFIX} is unique to the run.
 *
 * <p>NOTE: the processes get no environment but the compose file's, as in a container, so an
 * external test broker that needs more client settings than its address cannot be used here.
 */
class ComposeWiringSystemTest {

  private static final String KAFKA = "kafka";
  private static final String CLIENT = "client";
  /** A user with 320 friends. */
  private static final List<String> SUBMIT = List.of("submit", "--user", "35828");
  private static final int FRIENDS = 320;

  private static final String MAIN_CLASS = "io.workerpool.cli.WorkerpoolCommand";
  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  private static final String LOOPBACK = "127.0.0.1";
  private static final String BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
  private static final String PROFILE_SOURCE_URL = "PROFILE_SOURCE_URL";
  private static final String ROLE_HTTP_PORT = "WORKERPOOL_HTTP_PORT";
  private static final String PROFILE_SERVICE_PORT = "PROFILE_SERVICE_PORT";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
  /** Compose's stop grace period when a service sets none. */
  private static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);
  /** Exit status of a JVM stopped by SIGTERM that it does not handle itself (128 + 15). */

  /** {@code scheme://host}: URLs and Kafka listeners. */
  private static final Pattern URL_HOST =
      Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://(\\[[^\\]]*\\]|[^/:\\s,]*)");
  /** {@code id@host:port}: Kafka's controller quorum voters. */
  private static final Pattern VOTER_HOST = Pattern.compile("\\d+@([^:\\s,]+):\\d+");
  /** {@code host:port} standing alone, as in a bootstrap server list. */
  private static final Pattern HOST_PORT =
      Pattern.compile("(?<![\\w./@:-])([A-Za-z0-9][A-Za-z0-9.-]*):\\d{1,5}(?![\\w.:])");
  /** Bash's {@code /dev/tcp/host/port}. */
  private static final Pattern DEV_TCP_HOST = Pattern.compile("/dev/tcp/([^/\\s]+)/");
  private static final Pattern IPV4 = Pattern.compile("(?<![\\w.])(\\d{1,3}(\\.\\d{1,3}){3})");
  private static final Pattern HTTP_URL = Pattern.compile("(https?://)([^/:]+):(\\d+)(/.*)?");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|h|m|s)");

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  @TempDir
  Path logs;

  private final List<LocalService> started = new ArrayList<>();

  @AfterEach
  void stopServicesAndPrintLogs() throws Exception {
    for (LocalService service : started) {
      service.process().toHandle().destroy();
    }
    for (LocalService service : started) {
      if (!service.process().waitFor(15, TimeUnit.SECONDS)) {
        service.process().destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
      System.err.println("---- " + service.name() + " output ----");
      System.err.println(Files.readString(service.log(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void composeServicesRunFriendsJob() throws Exception {
    Compose compose = Compose.read();
    List<String> project = compose.projectServices();
    List<String> expectedServices = new ArrayList<>(project);
    expectedServices.add(KAFKA);
    assertThat(compose.serviceNames())
        .as("services: kafka and those built from this repository's image")
        .containsExactlyInAnyOrderElementsOf(expectedServices);
    assertThat(project).as("services built from this repository's image").contains(CLIENT);
    checkDependencies(compose);

    Map<String, Map<String, Integer>> ports = choosePorts(compose, project);
    String prefix = "it-compose-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Map<String, Map<String, String>> environments = new TreeMap<>();
    for (String name : project) {
      environments.put(name, localEnvironment(compose, name, ports, prefix));
    }

    List<String> longRunning = new ArrayList<>();
    for (List<String> wave : startWaves(compose, project)) {
      List<LocalService> waveServices = new ArrayList<>();
      for (String name : wave) {
        waveServices.add(start(name, compose.service(name).command(), environments.get(name)));
      }
      for (LocalService service : waveServices) {
        if (compose.isOneShot(service.name())) {
          awaitSuccessfulExit(service);
        } else {
          awaitReady(service, environments.get(service.name()));
          longRunning.add(service.name());
        }
      }
    }

    CommandResult submit = runClient(environments.get(CLIENT));
    assertThat(submit.exitStatus()).as("exit status of client %s; stderr:%n%s", SUBMIT,
        submit.stderr()).isZero();
    JobOutcome outcome = MessageCodec.decode(submit.stdout().getBytes(StandardCharsets.UTF_8),
        JobOutcome.class);
    assertThat(outcome.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(outcome.result().size()).isEqualTo(FRIENDS);
    assertThat(outcome.result()).isEqualTo(PoolFixture.expectedFriendsMap(35828));
    assertWorkersFetchedOverHttp(compose, environments);

    for (String name : longRunning) {
      runHealthChecks(compose.service(name), environments.get(name));
    }
    stopAndCheckExit(compose, longRunning);
  }

  @Test
  void composeFileNamesOnlyItsOwnHosts() throws IOException {
    Compose compose = Compose.read();
    Set<String> named = new TreeSet<>();
    collectHosts(compose.services(), named);

    Set<String> allowed = new TreeSet<>(compose.serviceNames());
    // Loopback is the container itself, which health checks connect to. 0.0.0.0 and "" (as in
    // PLAINTEXT://:9092) are addresses to listen on, not hosts to connect to.
    allowed.addAll(List.of(LOOPBACK, "0.0.0.0", ""));
    assertThat(named).as("hosts named in docker-compose.yml").isSubsetOf(allowed);
    assertThat(named).as("hosts named in docker-compose.yml").contains(KAFKA, LOOPBACK);
  }

  @Test
  void publishedPortsLeaveHostPortToDocker() throws IOException {
    Compose compose = Compose.read();
    for (String name : compose.serviceNames()) {
      for (JsonNode port : compose.service(name).node().path("ports")) {
        // Short syntax [HOST_IP:][HOST_PORT:]CONTAINER_PORT. A fixed host port would let only
        // one replica start under --scale.
        String[] parts = port.asText().split(":", -1);
        assertThat(parts).as("ports entry '%s' of %s", port.asText(), name).hasSize(3);
        assertThat(parts[0]).as("host address of ports entry '%s' of %s", port.asText(), name)
            .isEqualTo(LOOPBACK);
        assertThat(parts[1]).as("host port of ports entry '%s' of %s", port.asText(), name)
            .isEmpty();
      }
    }
  }

  /** Checks that every depends_on names a service and a condition that service can meet. */
  private static void checkDependencies(Compose compose) {
    for (String name : compose.serviceNames()) {
      for (Map.Entry<String, String> dependency : compose.service(name).dependsOn().entrySet()) {
        String target = dependency.getKey();
        String where = name + " depends_on " + target;
        assertThat(compose.serviceNames()).as(where).contains(target);
        switch (dependency.getValue()) {
          case "service_healthy" -> assertThat(compose.service(target).healthcheckTest())
              .as(where + ": service_healthy needs a health check").isNotNull();
          case "service_completed_successfully", "service_started" -> { }
          default -> fail(where + ": unknown condition " + dependency.getValue());
        }
      }
    }
  }

  /** Picks a free loopback port for every *_PORT setting of every service. */
  private static Map<String, Map<String, Integer>> choosePorts(Compose compose,
      List<String> project) throws IOException {
    Map<String, Map<String, Integer>> ports = new TreeMap<>();
    for (String name : project) {
      Map<String, Integer> servicePorts = new TreeMap<>();
      for (String variable : compose.service(name).environment().keySet()) {
        if (variable.endsWith("_PORT")) {
          servicePorts.put(variable, LoopbackPorts.free());
        }
      }
      ports.put(name, servicePorts);
    }
    return ports;
  }

  /** Returns the service's compose environment with what must differ on this machine. */
  private static Map<String, String> localEnvironment(Compose compose, String name,
      Map<String, Map<String, Integer>> ports, String prefix) {
    Map<String, String> local = new TreeMap<>();
    for (Map.Entry<String, String> setting : compose.service(name).environment().entrySet()) {
      String variable = setting.getKey();
      String value = setting.getValue();
      if (variable.equals(BOOTSTRAP_SERVERS)) {
        assertThat(compose.kafkaAdvertisedAddresses())
            .as("%s of %s must be an address that kafka advertises", variable, name)
            .contains(value);
        local.put(variable, TestKafka.bootstrapServers());
      } else if (variable.endsWith("_BIND")) {
        local.put(variable, LOOPBACK);
      } else if (variable.endsWith("_PORT")) {
        local.put(variable, String.valueOf(ports.get(name).get(variable)));
      } else if (variable.equals(PROFILE_SOURCE_URL)) {
        local.put(variable, localUrl(compose, name, value, ports));
      } else {
        local.put(variable, value);
      }
    }
    local.put("WORKERPOOL_TOPIC_PREFIX", prefix);

    Set<String> hosts = new TreeSet<>();
    local.forEach((variable, value) -> {
      if (!variable.equals(BOOTSTRAP_SERVERS)) {
        extractHosts(value, hosts);
      }
    });
    assertThat(hosts).as("hosts left in the local environment of %s", name)
        .isSubsetOf(LOOPBACK);
    return local;
  }

  /** Points a URL that names another compose service at that service's local port. */
  private static String localUrl(Compose compose, String name, String url,
      Map<String, Map<String, Integer>> ports) {
    Matcher matcher = HTTP_URL.matcher(url);
    assertThat(matcher.matches()).as("%s of %s: '%s' is not scheme://host:port/...",
        PROFILE_SOURCE_URL, name, url).isTrue();
    String host = matcher.group(2);
    String port = matcher.group(3);
    assertThat(compose.serviceNames()).as("host of %s of %s", PROFILE_SOURCE_URL, name)
        .contains(host);
    String portVariable = compose.service(host).environment().entrySet().stream()
        .filter(setting -> setting.getKey().endsWith("_PORT"))
        .filter(setting -> setting.getValue().equals(port))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new AssertionError(PROFILE_SOURCE_URL + " of " + name + " names port "
            + port + " of " + host + ", but " + host + " sets no *_PORT to " + port));
    String path = matcher.group(4) == null ? "" : matcher.group(4);
    return matcher.group(1) + LOOPBACK + ":" + ports.get(host).get(portVariable) + path;
  }

  /**
   * Groups the services that {@code docker compose up} starts into waves: each wave depends
   * only on services of earlier waves. The client, which up leaves to {@code run}, is left out.
   */
  private static List<List<String>> startWaves(Compose compose, List<String> project) {
    List<String> remaining = new ArrayList<>(project);
    remaining.remove(CLIENT);
    Set<String> done = new TreeSet<>(List.of(KAFKA));
    List<List<String>> waves = new ArrayList<>();
    while (!remaining.isEmpty()) {
      List<String> wave = remaining.stream()
          .filter(name -> done.containsAll(compose.service(name).dependsOn().keySet()))
          .toList();
      assertThat(wave).as("services whose dependencies can start, among %s", remaining)
          .isNotEmpty();
      waves.add(wave);
      done.addAll(wave);
      remaining.removeAll(wave);
    }
    assertThat(done).as("services that the client depends on")
        .containsAll(compose.service(CLIENT).dependsOn().keySet());
    return waves;
  }

  private LocalService start(String name, List<String> arguments,
      Map<String, String> environment) throws IOException {
    Path log = logs.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(javaCommand(arguments))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    LocalService service = new LocalService(name, builder.start(), log);
    started.add(service);
    return service;
  }

  private static List<String> javaCommand(List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MAIN_CLASS);
    command.addAll(arguments);
    return command;
  }

  private static void awaitSuccessfulExit(LocalService service) throws Exception {
    boolean exited = service.process().waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(exited).as("%s exited within %s; output:%n%s", service.name(), RUN_TIMEOUT,
        service.output()).isTrue();
    assertThat(service.process().exitValue()).as("exit status of %s; output:%n%s",
        service.name(), service.output()).isZero();
  }

  private static void awaitReady(LocalService service, Map<String, String> environment)
      throws IOException {
    URI readiness = readinessUri(service.name(), environment);
    try {
      await("readiness of " + service.name() + " at " + readiness)
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .failFast(service.name() + " exited", () -> !service.process().isAlive())
          .ignoreExceptions()
          .until(() -> httpStatus(readiness) == 200);
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new AssertionError(e.getMessage() + "; output:\n" + service.output(), e);
    }
  }

  /** Returns where a long-running service reports readiness: a role's or the profile service's. */
  private static URI readinessUri(String name, Map<String, String> environment) {
    if (environment.containsKey(ROLE_HTTP_PORT)) {
      return URI.create("http://" + LOOPBACK + ":" + environment.get(ROLE_HTTP_PORT)
          + "/health/ready");
    }
    if (environment.containsKey(PROFILE_SERVICE_PORT)) {
      return URI.create("http://" + LOOPBACK + ":" + environment.get(PROFILE_SERVICE_PORT)
          + "/health");
    }
    throw new AssertionError(name + " runs until stopped but sets neither " + ROLE_HTTP_PORT
        + " nor " + PROFILE_SERVICE_PORT + ", so nothing can check its health");
  }

  private static int httpStatus(URI uri) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Runs the client as {@code docker compose run --rm client submit ...} would. */
  private CommandResult runClient(Map<String, String> environment) throws Exception {
    Path stdout = logs.resolve("client-stdout.json");
    Path stderr = logs.resolve("client-stderr.log");
    ProcessBuilder builder = new ProcessBuilder(javaCommand(SUBMIT))
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    started.add(new LocalService(CLIENT, process, stderr));
    boolean exited = process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(exited).as("client %s exited within %s; stderr:%n%s", SUBMIT, RUN_TIMEOUT,
        Files.readString(stderr)).isTrue();
    return new CommandResult(process.exitValue(), Files.readString(stdout),
        Files.readString(stderr));
  }

  /**
   * Checks that the workers took profiles from the profile service, not from the dataset they
   * fall back to when PROFILE_SOURCE_URL is unset, which would give the same result.
   */
  private void assertWorkersFetchedOverHttp(Compose compose,
      Map<String, Map<String, String>> environments) throws IOException {
    int workers = 0;
    for (LocalService service : started) {
      String url = environments.get(service.name()).get(PROFILE_SOURCE_URL);
      if (url != null && compose.service(service.name()).command().contains("worker")) {
        assertThat(service.output()).as("output of %s", service.name())
            .contains("Friends tasks fetch profiles with GET " + url);
        workers++;
      }
    }
    assertThat(workers).as("workers with %s", PROFILE_SOURCE_URL).isPositive();
  }

  /**
   * Runs the service's compose health check through bash, with its port moved to the local one,
   * against the running service and against a port where nothing listens. Then runs the image's
   * own health check script with the service's environment.
   */
  private static void runHealthChecks(ComposeService service, Map<String, String> environment)
      throws Exception {
    List<String> test = service.healthcheckTest();
    assertThat(test).as("healthcheck test of %s", service.name()).isNotNull();
    // The image's /bin/sh has no /dev/tcp, so the check must run in bash.
    assertThat(test.subList(0, 3)).as("healthcheck test of %s", service.name())
        .containsExactly("CMD", "bash", "-c");
    assertThat(test).as("healthcheck test of %s", service.name()).hasSize(4);
    String script = unescapeDollars(test.get(3), "healthcheck of " + service.name());

    String portVariable = environment.containsKey(ROLE_HTTP_PORT)
        ? ROLE_HTTP_PORT : PROFILE_SERVICE_PORT;
    String composeTarget = "/dev/tcp/" + LOOPBACK + "/" + service.environment().get(portVariable);
    assertThat(script).as("healthcheck of %s must connect to its %s", service.name(),
        portVariable).contains(composeTarget);
    String localTarget = "/dev/tcp/" + LOOPBACK + "/" + environment.get(portVariable);
    Duration timeout = service.healthcheckTimeout();

    CommandResult healthy = runBash(script.replace(composeTarget, localTarget), environment,
        timeout);
    assertThat(healthy.exitStatus()).as("healthcheck of %s; stderr: %s", service.name(),
        healthy.stderr()).isZero();

    String closedTarget = "/dev/tcp/" + LOOPBACK + "/" + LoopbackPorts.free();
    CommandResult closed = runBash(script.replace(composeTarget, closedTarget), environment,
        timeout);
    assertThat(closed.exitStatus()).as("healthcheck of %s on a closed port", service.name())
        .isNotZero();

    Path imageCheck = Compose.repository().resolve("deploy/docker/healthcheck");
    CommandResult image = runBash("exec bash " + imageCheck, environment, timeout);
    assertThat(image.exitStatus()).as("image health check with the environment of %s; "
        + "stderr: %s", service.name(), image.stderr()).isZero();
  }

  private static CommandResult runBash(String script, Map<String, String> environment,
      Duration timeout) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", script);
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      return new CommandResult(-1, "", "timed out after " + timeout);
    }
    return new CommandResult(process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /**
   * Sends SIGTERM to every long-running service, as {@code docker compose stop} does, and checks
   * that each exits cleanly within its stop_grace_period, after which Compose would kill it.
   */
  private void stopAndCheckExit(Compose compose, List<String> names) throws Exception {
    List<LocalService> services = started.stream()
        .filter(service -> names.contains(service.name()))
        .toList();
    long stopStart = System.nanoTime();
    services.forEach(service -> service.process().toHandle().destroy());
    for (LocalService service : services) {
      Duration grace = compose.service(service.name()).stopGracePeriod();
      long remaining = grace.toNanos() - (System.nanoTime() - stopStart);
      boolean exited = service.process().waitFor(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
      assertThat(exited).as("%s exited within its stop_grace_period of %s", service.name(),
          grace).isTrue();
      assertThat(service.process().exitValue()).as("exit status of %s after SIGTERM; output:"
          + "%n%s", service.name(), service.output()).isZero();
    }
  }


  /** Applies Compose's one escape, {@code $$} for {@code $}, and rejects substitutions. */
  private static String unescapeDollars(String value, String where) {
    assertThat(value.replace("$$", "")).as("%s uses variable substitution, which this test "
        + "does not resolve: '%s'", where, value).doesNotContain("$");
    return value.replace("$$", "$");
  }

  /** Collects the hosts named in string values, leaving out image names and build contexts. */
  private static void collectHosts(JsonNode node, Set<String> hosts) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!field.getKey().equals("image") && !field.getKey().equals("build")) {
          collectHosts(field.getValue(), hosts);
        }
      }
    } else if (node.isArray()) {
      node.forEach(element -> collectHosts(element, hosts));
    } else if (node.isValueNode()) {
      extractHosts(node.asText(), hosts);
    }
  }

  private static void extractHosts(String text, Set<String> hosts) {
    for (Pattern pattern : List.of(URL_HOST, VOTER_HOST, HOST_PORT, DEV_TCP_HOST, IPV4)) {
      Matcher matcher = pattern.matcher(text);
      while (matcher.find()) {
        hosts.add(matcher.group(1));
      }
    }
  }

  private static Duration parseDuration(String text, String where) {
    Matcher matcher = DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      long amount = Long.parseLong(matcher.group(1));
      total = total.plus(switch (matcher.group(2)) {
        case "h" -> Duration.ofHours(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "s" -> Duration.ofSeconds(amount);
        default -> Duration.ofMillis(amount);
      });
      end = matcher.end();
    }
    assertThat(end).as("%s: '%s' is not a duration such as 40s or 1m30s", where, text)
        .isEqualTo(text.length()).isPositive();
    return total;
  }

  /** A process started for a compose service, with its output in a file. */
  private record LocalService(String name, Process process, Path log) {

    String output() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }
  }

  private record CommandResult(int exitStatus, String stdout, String stderr) {}

  /** docker-compose.yml as Jackson reads it. */
  private record Compose(JsonNode root) {

    static Path repository() {
      Path directory = Path.of("").toAbsolutePath();
      while (directory != null && !Files.exists(directory.resolve("docker-compose.yml"))) {
        directory = directory.getParent();
      }
      assertThat(directory).as("a parent folder of the working folder with docker-compose.yml")
          .isNotNull();
      return directory;
    }

    static Compose read() throws IOException {
      return new Compose(new YAMLMapper().readTree(
          repository().resolve("docker-compose.yml").toFile()));
    }

    JsonNode services() {
      return root.get("services");
    }

    List<String> serviceNames() {
      List<String> names = new ArrayList<>();
      services().fieldNames().forEachRemaining(names::add);
      return names;
    }

    ComposeService service(String name) {
      JsonNode node = services().get(name);
      assertThat(node).as("service %s in docker-compose.yml", name).isNotNull();
      return new ComposeService(name, node);
    }

    /** Returns the services built from this repository, in file order. */
    List<String> projectServices() {
      return serviceNames().stream().filter(name -> services().get(name).has("build")).toList();
    }

    /** Tells whether another service waits for this one to exit with status 0. */
    boolean isOneShot(String name) {
      return serviceNames().stream()
          .anyMatch(other -> "service_completed_successfully".equals(
              service(other).dependsOn().get(name)));
    }

    /** Returns the host:port addresses in kafka's KAFKA_ADVERTISED_LISTENERS. */
    List<String> kafkaAdvertisedAddresses() {
      String listeners = service(KAFKA).environment().get("KAFKA_ADVERTISED_LISTENERS");
      assertThat(listeners).as("KAFKA_ADVERTISED_LISTENERS of kafka").isNotNull();
      List<String> addresses = new ArrayList<>();
      for (String listener : listeners.split(",")) {
        addresses.add(listener.substring(listener.indexOf("://") + 3));
      }
      return addresses;
    }
  }

  /** One service of docker-compose.yml. */
  private record ComposeService(String name, JsonNode node) {

    /** Returns the environment, from either the map or the list form, with $$ unescaped. */
    Map<String, String> environment() {
      Map<String, String> environment = new LinkedHashMap<>();
      JsonNode settings = node.path("environment");
      if (settings.isArray()) {
        for (JsonNode setting : settings) {
          String[] parts = setting.asText().split("=", 2);
          assertThat(parts).as("environment entry '%s' of %s", setting.asText(), name)
              .hasSize(2);
          environment.put(parts[0], unescapeDollars(parts[1], name + " " + parts[0]));
        }
      } else {
        settings.fields().forEachRemaining(setting -> environment.put(setting.getKey(),
            unescapeDollars(setting.getValue().asText(), name + " " + setting.getKey())));
      }
      return environment;
    }

    List<String> command() {
      JsonNode command = node.path("command");
      assertThat(command.isArray()).as("command of %s is a list", name).isTrue();
      List<String> arguments = new ArrayList<>();
      command.forEach(argument -> arguments.add(
          unescapeDollars(argument.asText(), "command of " + name)));
      return arguments;
    }

    /** Returns each dependency and its condition, service_started for the list form. */
    Map<String, String> dependsOn() {
      Map<String, String> dependencies = new LinkedHashMap<>();
      JsonNode dependsOn = node.path("depends_on");
      if (dependsOn.isArray()) {
        dependsOn.forEach(target -> dependencies.put(target.asText(), "service_started"));
      } else {
        dependsOn.fields().forEachRemaining(target -> dependencies.put(target.getKey(),
            target.getValue().path("condition").asText("service_started")));
      }
      return dependencies;
    }

    /** Returns the health check's test, or null when there is none or it is disabled. */
    List<String> healthcheckTest() {
      JsonNode healthcheck = node.path("healthcheck");
      if (healthcheck.path("disable").asBoolean(false) || !healthcheck.has("test")) {
        return null;
      }
      List<String> test = new ArrayList<>();
      healthcheck.get("test").forEach(part -> test.add(part.asText()));
      return test;
    }

    Duration healthcheckTimeout() {
      JsonNode timeout = node.path("healthcheck").path("timeout");
      // Compose's default health check timeout is 30 s.
      return timeout.isMissingNode() ? Duration.ofSeconds(30)
          : parseDuration(timeout.asText(), "healthcheck timeout of " + name);
    }

    Duration stopGracePeriod() {
      JsonNode grace = node.path("stop_grace_period");
      return grace.isMissingNode() ? DEFAULT_STOP_GRACE
          : parseDuration(grace.asText(), "stop_grace_period of " + name);
    }
  }
}
