package io.workerpool.worker;

import io.workerpool.core.kafka.WorkerProcesses;
import io.workerpool.core.runtime.RoleRuntime;
import io.workerpool.core.runtime.ServiceRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Function;

/**
 * The worker's main loop: {@code WORKER_CONSUMERS} task lanes, each a share consumer on its own
 * thread, feed one pool of {@code WORKER_CONCURRENCY} task threads. A share group hands each
 * task to one lane at a time, so workers scale beyond the tasks topic's partition count.
 *
 * <p>NOTE: a lane acknowledges a poll's tasks together, so one slow task holds back the next
 * poll of its lane (not of the other lanes). A lane renews the record locks of a poll's
 * unfinished tasks every third of {@code WORKER_RECORD_LOCK}, so they do not go to another
 * worker while they wait or run.
 */
final class WorkerService implements ServiceRunner.Service {

  private final ExecutorService taskThreads;
  private final ExecutorService laneThreads;
  private final List<TaskLane> lanes = new ArrayList<>();
  private final RunningTasks running;
  private final String tasksTopic;
  private volatile boolean stopping;

  /**
   * @param runners makes the task runner of one lane from the output that lane waits on
   * @param sizeLimit the largest result a lane sends as it is
   */
  WorkerService(RoleRuntime runtime, WorkerSettings settings,
      Function<ResultOutput, TaskRunner> runners, RunningTasks running, WorkerMetrics metrics,
      ResultSizeLimit sizeLimit) {
    this.running = running;
    this.tasksTopic = settings.tasksTopic(runtime.topics());
    this.taskThreads = Executors.newFixedThreadPool(settings.concurrency(), threads("task-"));
    this.laneThreads = Executors.newFixedThreadPool(settings.consumers(), threads("lane-"));
    TaskBacklog backlog = new TaskBacklog(settings.concurrency());
    RejectedTasks rejects = new RejectedTasks(runtime.deadLetters(), runtime.cancelPublisher(),
        runtime.clock(), runtime.identity());
    ReadWriteLock isolation = TaskParking.newIsolationLock();
    for (int i = 0; i < settings.consumers(); i++) {
      PendingSends pending = new PendingSends();
      ResultOutput output = new KafkaResultOutput(runtime.producer(), runtime.topics(),
          runtime.cancelPublisher(), metrics, sizeLimit, runtime.clock(), pending,
          runtime.identity());
      lanes.add(new TaskLane(
          runtime.clients().newShareConsumer(WorkerProcesses.consumerPurpose(i + 1),
              settings.groupId(),
              settings.shareConsumerOverrides()),
          taskThreads, backlog, runners.apply(output),
          new TaskParking(isolation, runtime.cancels(), output, rejects, pending,
              runtime.identity()),
          pending, rejects, metrics, settings.recordLock(), () -> stopping));
    }
  }

  @Override
  public void run() throws Exception {
    ExecutorCompletionService<Void> ended = new ExecutorCompletionService<>(laneThreads);
    for (TaskLane lane : lanes) {
      ended.submit(() -> {
        lane.run(tasksTopic);
        return null;
      });
    }
    try {
      // Every lane runs until the worker stops; a lane that ends early failed.
      for (int i = 0; i < lanes.size(); i++) {
        ended.take().get();
      }
    } catch (ExecutionException e) {
      stop();
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      laneThreads.shutdown();
      laneThreads.awaitTermination(10, TimeUnit.SECONDS);
      taskThreads.shutdownNow();
      taskThreads.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void stop() {
    stopping = true;
    running.interruptAll();
    lanes.forEach(TaskLane::wakeup);
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger next = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + next.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
