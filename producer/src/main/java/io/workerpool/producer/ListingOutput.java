package io.workerpool.producer;

import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.ListingFinished;
import io.workerpool.protocol.Task;

/** Where the producer sends what it lists: tasks, listing reports and cancels. */
interface ListingOutput {

  void sendTask(Task task);

  void sendListingFinished(ListingFinished report);

  void cancel(Cancel cancel);
}
