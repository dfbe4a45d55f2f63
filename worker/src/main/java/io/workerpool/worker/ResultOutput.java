package io.workerpool.worker;

import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.TaskResult;

/** The destination of a worker's task results and cancels. */
interface ResultOutput {

  void sendResult(TaskResult result);

  void cancel(Cancel cancel);
}
