package io.workerpool.worker;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The threads running tasks right now, by job, so a cancel can interrupt every running task of
 * its job. Interrupts happen under the same lock as {@link #finish}, so a thread is never
 * interrupted for a task it has already finished.
 */
final class RunningTasks {

  private final Map<String, Set<Thread>> threadsByJob = new HashMap<>();

  /** Records that the current thread runs a task of {@code jobId}. */
  synchronized void start(String jobId) {
    threadsByJob.computeIfAbsent(jobId, id -> new HashSet<>()).add(Thread.currentThread());
  }

  /** Records that the current thread's task ended and clears an interrupt meant for it. */
  synchronized void finish(String jobId) {
    Set<Thread> threads = threadsByJob.get(jobId);
    if (threads != null) {
      threads.remove(Thread.currentThread());
      if (threads.isEmpty()) {
        threadsByJob.remove(jobId);
      }
    }
    Thread.interrupted();
  }

  /** Interrupts every thread running a task of {@code jobId}; returns how many. */
  synchronized int interrupt(String jobId) {
    Set<Thread> threads = threadsByJob.getOrDefault(jobId, Set.of());
    threads.forEach(Thread::interrupt);
    return threads.size();
  }

  /** Interrupts every running task, when the worker stops. */
  synchronized void interruptAll() {
    threadsByJob.values().forEach(threads -> threads.forEach(Thread::interrupt));
  }

  synchronized int count() {
    return threadsByJob.values().stream().mapToInt(Set::size).sum();
  }
}
