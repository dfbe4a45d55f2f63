package io.workerpool.core.job;

import com.fasterxml.jackson.databind.JsonNode;

/** Combines the outputs of one job's tasks into its result. Used from one thread. */
public interface ResultCombiner {

  /**
   * Adds one task's output.
   *
   * @throws CombineException when the output cannot be combined; the job fails with the message
   */
  void add(JsonNode output) throws CombineException;

  /** Returns the combined result of the outputs added so far. */
  JsonNode result();
}
