package io.workerpool.core.job;

import com.fasterxml.jackson.databind.JsonNode;

/** The destination of the tasks a handler lists. */
@FunctionalInterface
public interface TaskSink {

  /**
   * Sends one task with the given input.
   *
   * @return false when the job has ended (cancelled or past its deadline) and listing must stop
   */
  boolean offer(JsonNode input) throws InterruptedException;
}
