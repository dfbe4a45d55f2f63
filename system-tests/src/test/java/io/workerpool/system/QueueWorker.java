package io.workerpool.system;

import static org.awaitility.Awaitility.await;

import io.workerpool.cli.LoopbackPorts;
import io.workerpool.cli.RoleProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker process started with {@code WORKER_QUEUE}, so it runs only the stages sent to that
 * queue. It serves its health and metrics on a free loopback port.
 */
final class QueueWorker implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final RoleProcess process;
  private final int port;

  private QueueWorker(RoleProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts a worker of {@code queue} with the pool's {@code environment} and waits until it is
   * ready, which it is only once its queue's topic exists.
   */
  static QueueWorker start(String queue, Map<String, String> environment) throws Exception {
    int port = LoopbackPorts.free();
    Map<String, String> workerEnvironment = new HashMap<>(environment);
    workerEnvironment.put("WORKER_QUEUE", queue);
    workerEnvironment.put("WORKERPOOL_HTTP_PORT", String.valueOf(port));
    QueueWorker worker = new QueueWorker(RoleProcess.start("worker-" + queue,
        "io.workerpool.worker.WorkerMain", workerEnvironment, List.of("-Xmx256m"), System.err),
        port);
    try {
      await().atMost(READY_TIMEOUT).ignoreExceptions()
          .until(() -> worker.get("/health/ready").statusCode() == 200);
    } catch (RuntimeException e) {
      worker.close();
      throw e;
    }
    return worker;
  }

  /** Returns the worker's Prometheus metrics. */
  String metrics() throws Exception {
    return get("/metrics").body();
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + port + path);
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
