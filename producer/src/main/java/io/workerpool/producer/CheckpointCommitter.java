package io.workerpool.producer;

/**
 * Commits listing checkpoints while a job is listed, on the thread that owns the jobs consumer,
 * because the poll loop does not run until the job's listing ends.
 */
@FunctionalInterface
interface CheckpointCommitter {

  /**
   * Waits until the records of {@code batch} and of every earlier batch are stored, then commits
   * their offsets, the last of them being the batch's checkpoint.
   */
  void commit(ListingBatch batch);
}
