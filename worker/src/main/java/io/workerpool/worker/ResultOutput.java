package io.workerpool.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.IsolatedRun;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/** The destination of a worker's task results, next-stage tasks and cancels. */
interface ResultOutput {

  void sendResult(TaskResult result);

  /**
   * Sends the result of a task of a job with this completion mode, which decides whether a
   * result replaced by a failure cancels the job. The default ignores the mode.
   */
  default void sendResult(TaskResult result, Completion completion) {
    sendResult(result);
  }

  /**
   * Sends {@code output} on as the task of the next stage of {@code task}'s chained job, to that
   * stage's queue, in place of a result. The lane acknowledges {@code task} only once the
   * next-stage task is stored, as for a result.
   */
  void forward(Task task, JsonNode output);

  void cancel(Cancel cancel);

  /** Sends a report of an isolated run; the returned send completes once it is stored. */
  Future<RecordMetadata> report(IsolatedRun run);
}
