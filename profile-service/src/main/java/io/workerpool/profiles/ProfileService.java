package io.workerpool.profiles;

import com.sun.net.httpserver.HttpServer;
import io.workerpool.friends.SocialGraph;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP service that serves the GitHub social dataset's profiles, the upstream a worker
 * fetches from when {@code PROFILE_SOURCE_URL} is set. It runs on the JDK's
 * {@link HttpServer} with a fixed pool of {@link ProfileServiceSettings#threads()} threads.
 * {@link ProfileRequests} describes the endpoints.
 *
 * <p>{@link #close()} stops gracefully: requests already running finish, with their configured
 * latency cut short, new requests get HTTP 503, and the server stops once none is running or
 * after {@link #STOP_GRACE}.
 */
public final class ProfileService implements AutoCloseable {

  /** How long {@link #close()} waits for running requests before it stops the server. */
  public static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(ProfileService.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch stopping;
  private final InFlightRequests inFlight;
  private final String address;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ProfileService(HttpServer server, ExecutorService executor, CountDownLatch stopping,
      InFlightRequests inFlight) {
    this.server = server;
    this.executor = executor;
    this.stopping = stopping;
    this.inFlight = inFlight;
    InetSocketAddress bound = server.getAddress();
    this.address = bound.getAddress().getHostAddress() + ":" + bound.getPort();
  }

  /**
   * Starts listening and returns the running service.
   *
   * @throws IOException when the server cannot listen, for example because the port is in use
   *     or the bind address is not an address of this machine
   */
  public static ProfileService start(ProfileServiceSettings settings) throws IOException {
    InetSocketAddress bindTo = new InetSocketAddress(settings.bindInetAddress(), settings.port());
    SocialGraph graph = SocialGraph.github();
    HttpServer server;
    try {
      server = HttpServer.create(bindTo, 0);
    } catch (BindException e) {
      throw new IOException("cannot listen on " + settings.bindAddress() + ":" + settings.port()
          + " (" + e.getMessage() + "): set " + ProfileServiceSettings.PORT + " to a free port, "
          + "or to 0 to pick one, and " + ProfileServiceSettings.BIND
          + " to an address of this machine", e);
    }
    CountDownLatch stopping = new CountDownLatch(1);
    InFlightRequests inFlight = new InFlightRequests();
    ProfileRequests requests = new ProfileRequests(graph, settings, stopping);
    server.createContext("/", exchange -> {
      inFlight.enter();
      try {
        requests.handle(exchange);
      } finally {
        inFlight.exit();
      }
    });
    ExecutorService executor =
        Executors.newFixedThreadPool(settings.threads(), namedThreads("profile-service-"));
    server.setExecutor(executor);
    server.start();
    ProfileService service = new ProfileService(server, executor, stopping, inFlight);
    log.info("Profile service listening on {} ({})", service.address, settings.describe());
    return service;
  }

  /** Returns the TCP port the service listens on, which the system picks when settings give 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Returns the number of requests being handled now. */
  int runningRequests() {
    return inFlight.running();
  }

  /**
   * Stops the service gracefully, as the class describes. It returns at the latest after twice
   * {@link #STOP_GRACE}, and calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    log.info("Profile service on {} stopping", address);
    stopping.countDown();
    try {
      int unfinished = inFlight.awaitNone(STOP_GRACE);
      if (unfinished > 0) {
        log.warn("Profile service on {} stops with {} requests still running after {}", address,
            unfinished, STOP_GRACE);
      }
      server.stop(0);
      executor.shutdown();
      if (!executor.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.stop(0);
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    log.info("Profile service on {} stopped", address);
  }

  private static ThreadFactory namedThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Counts the requests being handled, so a stop can wait until none is left. */
  private static final class InFlightRequests {

    private int running;

    synchronized int running() {
      return running;
    }

    synchronized void enter() {
      running++;
    }

    synchronized void exit() {
      running--;
      if (running == 0) {
        notifyAll();
      }
    }

    /** Waits until no request is running or the timeout passes, and returns how many still run. */
    synchronized int awaitNone(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      long remaining = timeout.toNanos();
      while (running > 0 && remaining > 0) {
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
        remaining = deadline - System.nanoTime();
      }
      return running;
    }
  }
}
