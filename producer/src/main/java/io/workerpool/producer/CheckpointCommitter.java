package io.workerpool.producer;

/**
 * Commits listing checkpoints while a job is listed, on the thread that owns the jobs consumer,
 * because the poll loop does not run until the job's listing ends.
 */
interface CheckpointCommitter {

  /** Queues a batch that ends with a checkpoint, to commit once its records are stored. */
  void queue(ListingBatch batch);

  /** Commits the queued batches whose records are stored by now; called after every task. */
  void commitStored();
}
