package io.workerpool.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.IsolatedRun;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/** A result output that records what it receives. Reports succeed unless reportsFail is set. */
final class RecordingOutput implements ResultOutput {

  final List<TaskResult> results = new CopyOnWriteArrayList<>();
  final List<Task> forwarded = new CopyOnWriteArrayList<>();
  final List<Cancel> cancels = new CopyOnWriteArrayList<>();
  final List<IsolatedRun> reports = new CopyOnWriteArrayList<>();
  volatile boolean reportsFail;

  @Override
  public void sendResult(TaskResult result) {
    results.add(result);
  }

  @Override
  public void forward(Task task, JsonNode output) {
    forwarded.add(task.next(output));
  }

  @Override
  public void cancel(Cancel cancel) {
    cancels.add(cancel);
  }

  @Override
  public Future<RecordMetadata> report(IsolatedRun run) {
    if (reportsFail) {
      return CompletableFuture.failedFuture(new IllegalStateException("broker unreachable"));
    }
    reports.add(run);
    return CompletableFuture.completedFuture(null);
  }
}
