package io.workerpool.worker;

import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.IsolatedRun;
import io.workerpool.protocol.TaskResult;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/** The destination of a worker's task results and cancels. */
interface ResultOutput {

  void sendResult(TaskResult result);

  /**
   * Sends the result of a task of a job with this completion mode, which decides whether a
   * result replaced by a failure cancels the job. The default ignores the mode.
   */
  default void sendResult(TaskResult result, Completion completion) {
    sendResult(result);
  }

  void cancel(Cancel cancel);

  /** Sends a report of an isolated run; the returned send completes once it is stored. */
  Future<RecordMetadata> report(IsolatedRun run);
}
