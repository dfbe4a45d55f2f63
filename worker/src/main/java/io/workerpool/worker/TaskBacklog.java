package io.workerpool.worker;

/**
 * Counts the tasks that lanes have taken from the share group but no task thread has started
 * yet. A lane polls only while this backlog is short, so the worker does not take tasks that it
 * cannot start soon. Such tasks stay in the share group for other workers, and their record
 * locks do not run out while they wait in this worker.
 */
final class TaskBacklog {

  private final int limit;
  private int waiting;

  /** @param limit the backlog below which a lane may poll again */
  TaskBacklog(int limit) {
    this.limit = limit;
  }

  synchronized void added(int tasks) {
    waiting += tasks;
  }

  synchronized void started() {
    waiting--;
    if (waiting < limit) {
      notifyAll();
    }
  }

  /** Waits until fewer than {@code limit} tasks wait for a thread. */
  synchronized void awaitRoom() throws InterruptedException {
    while (waiting >= limit) {
      wait();
    }
  }

  synchronized int waiting() {
    return waiting;
  }
}
