package io.workerpool.producer;

/** Tells whether the tasks topic of a stage queue exists, so a job's stages can be checked. */
public interface QueueTopics {

  /**
   * Returns whether {@code topic} exists.
   *
   * @throws IllegalStateException when the cluster could not tell, with the cause
   */
  boolean exists(String topic);
}
