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

  /**
   * Adds the output of the task at {@code sequence} in the producer's listing. Outputs arrive in
   * any order; a combiner whose result keeps the listing's order overrides this method. The
   * default calls {@link #add(JsonNode)}.
   *
   * @throws CombineException when the output cannot be combined; the job fails with the message
   */
  default void add(long sequence, JsonNode output) throws CombineException {
    add(output);
  }

  /** Returns the combined result of the outputs added so far. */
  JsonNode result();
}
