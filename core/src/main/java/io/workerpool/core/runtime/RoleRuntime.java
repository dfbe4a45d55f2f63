package io.workerpool.core.runtime;

import io.workerpool.core.cancel.CancelPublisher;
import io.workerpool.core.cancel.CancelRegistry;
import io.workerpool.core.cancel.CancelWatcher;
import io.workerpool.core.config.Settings;
import io.workerpool.core.kafka.DeadLetters;
import io.workerpool.core.kafka.KafkaClients;
import io.workerpool.core.kafka.TopicSetup;
import io.workerpool.core.observability.HttpSettings;
import io.workerpool.core.observability.KafkaReachability;
import io.workerpool.core.observability.ObservabilityServer;
import io.workerpool.protocol.Topics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of one role process that its loops share: settings, Kafka clients, one producer, the
 * view of cancelled jobs kept current by a {@link CancelWatcher}, its metrics and its state,
 * served over HTTP when {@code WORKERPOOL_HTTP_PORT} is set.
 */
public final class RoleRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RoleRuntime.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final String identity;
  private final Settings settings;
  private final PoolSettings pool;
  private final KafkaClients clients;
  private final Clock clock;
  private final KafkaProducer<String, byte[]> producer;
  private final CancelRegistry cancels;
  private final CancelWatcher watcher;
  private final CancelPublisher cancelPublisher;
  private final DeadLetters deadLetters;
  private final PrometheusMeterRegistry meters;
  private final AtomicReference<RoleState> state = new AtomicReference<>(RoleState.STARTING);
  private final KafkaReachability kafkaReachability;
  private final ObservabilityServer httpServer;

  private RoleRuntime(String role, Settings settings, Clock clock) {
    this.identity = ProcessIdentity.of(role);
    this.settings = settings;
    this.pool = PoolSettings.from(settings);
    this.clients = new KafkaClients(settings, identity);
    this.clock = clock;
    this.producer = clients.newProducer("producer");
    this.cancels = new CancelRegistry(clock, pool.cancelRetention());
    this.deadLetters = new DeadLetters(producer, pool.topics().deadLetters(), identity);
    this.watcher = new CancelWatcher(clients.newConsumer("cancels", null),
        pool.topics().cancels(), cancels, clock, pool.cancelLookback());
    this.cancelPublisher = new CancelPublisher(producer, pool.topics().cancels(), cancels);
    this.meters = newMeterRegistry(role);
    new KafkaClientMetrics(producer).bindTo(meters);
    Optional<HttpSettings> http = HttpSettings.from(settings);
    this.kafkaReachability = new KafkaReachability(clients.newAdmin(), clients.bootstrapServers());
    this.httpServer = http.isEmpty() ? null
        : ObservabilityServer.start(http.get(), state::get, kafkaReachability, meters);
  }

  private static PrometheusMeterRegistry newMeterRegistry(String role) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("role", role);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  /** Creates missing topics, then starts watching cancels. */
  public static RoleRuntime start(String role, Settings settings, Clock clock)
      throws InterruptedException {
    RoleRuntime runtime = new RoleRuntime(role, settings, clock);
    log.info("{} connecting to Kafka with client settings: {}", runtime.identity,
        runtime.clients.summary());
    try (Admin admin = runtime.clients.newAdmin()) {
      TopicSetup.of(admin, runtime.pool).ensureTopics();
    }
    runtime.watcher.start(START_TIMEOUT);
    runtime.kafkaReachability.startWatching();
    log.info("{} connected to {} with topic prefix '{}'", runtime.identity,
        runtime.clients.bootstrapServers(), runtime.pool.topics().prefix());
    return runtime;
  }

  public String identity() {
    return identity;
  }

  public Settings settings() {
    return settings;
  }

  public Topics topics() {
    return pool.topics();
  }

  public KafkaClients clients() {
    return clients;
  }

  public Clock clock() {
    return clock;
  }

  public KafkaProducer<String, byte[]> producer() {
    return producer;
  }

  public CancelRegistry cancels() {
    return cancels;
  }

  public CancelPublisher cancelPublisher() {
    return cancelPublisher;
  }

  public DeadLetters deadLetters() {
    return deadLetters;
  }

  /** Returns the registry of this process's metrics, served at {@code /metrics}. */
  public PrometheusMeterRegistry meters() {
    return meters;
  }

  public RoleState state() {
    return state.get();
  }

  void setState(RoleState newState) {
    state.set(newState);
  }

  /** Returns the port of the health and metrics endpoints, or empty when they are off. */
  public Optional<Integer> httpPort() {
    return Optional.ofNullable(httpServer).map(ObservabilityServer::port);
  }

  @Override
  public void close() throws InterruptedException {
    setState(RoleState.STOPPED);
    watcher.close();
    producer.close(Duration.ofSeconds(10));
    if (httpServer != null) {
      httpServer.close();
    }
    kafkaReachability.close();
  }
}
