package io.workerpool.producer;

import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.ListingFinished;
import io.workerpool.protocol.Task;

/** The destination of the producer's tasks, listing reports and cancels. */
interface ListingOutput {

  void sendTask(Task task);

  void sendListingFinished(ListingFinished report);

  void cancel(Cancel cancel);

  /** Copies the job record being listed to the dead-letter topic, because it is unreadable. */
  default void deadLetter(String reason) {}
}
