package io.workerpool.worker;

import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.IsolatedRun;
import io.workerpool.protocol.TaskResult;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/** The destination of a worker's task results and cancels. */
interface ResultOutput {

  void sendResult(TaskResult result);

  void cancel(Cancel cancel);

  /** Sends a report of an isolated run; the returned send completes once it is stored. */
  Future<RecordMetadata> report(IsolatedRun run);
}
