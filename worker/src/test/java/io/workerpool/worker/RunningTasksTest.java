package io.workerpool.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class RunningTasksTest {

  private final RunningTasks running = new RunningTasks();

  @AfterEach
  void clearTestThreadInterrupt() {
    Thread.interrupted();
  }

  @Test
  void interruptOnlyHitsThreadsOfThatJob() throws Exception {
    BlockedTask firstOfA = BlockedTask.start(running, "job-a");
    BlockedTask secondOfA = BlockedTask.start(running, "job-a");
    BlockedTask ofB = BlockedTask.start(running, "job-b");

    int interrupted = running.interrupt("job-a");

    assertThat(interrupted).isEqualTo(2);
    assertThat(firstOfA.release()).isTrue();
    assertThat(secondOfA.release()).isTrue();
    assertThat(ofB.release()).isFalse();
  }

  @Test
  void interruptAllHitsEveryJob() throws Exception {
    BlockedTask ofA = BlockedTask.start(running, "job-a");
    BlockedTask ofB = BlockedTask.start(running, "job-b");

    running.interruptAll();

    assertThat(ofA.release()).isTrue();
    assertThat(ofB.release()).isTrue();
  }

  @Test
  void countTracksRunningTasks() throws Exception {
    BlockedTask ofA = BlockedTask.start(running, "job-a");
    BlockedTask ofB = BlockedTask.start(running, "job-b");
    int whileRunning = running.count();

    ofA.release();
    ofB.release();

    assertThat(whileRunning).isEqualTo(2);
    assertThat(running.count()).isZero();
  }

  @Test
  void finishClearsPendingInterrupt() {
    running.start("job-a");
    int interrupted = running.interrupt("job-a");

    running.finish("job-a");

    assertThat(interrupted).isEqualTo(1);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(running.count()).isZero();
  }

  @Test
  void interruptAfterFinishHitsNothing() {
    running.start("job-a");
    running.finish("job-a");

    int interrupted = running.interrupt("job-a");

    assertThat(interrupted).isZero();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void interruptOfUnknownJobHitsNothing() {
    running.start("job-a");

    int interrupted = running.interrupt("job-b");

    assertThat(interrupted).isZero();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    running.finish("job-a");
  }

  /**
   * A thread that registers a task of one job and waits, without reacting to interrupts, until
   * the test releases it. It then reports whether it was interrupted and finishes the task.
   */
  private static final class BlockedTask {

    private final CountDownLatch registered = new CountDownLatch(1);
    private final Semaphore release = new Semaphore(0);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean interrupted;

    static BlockedTask start(RunningTasks running, String jobId) throws InterruptedException {
      BlockedTask task = new BlockedTask();
      Thread thread = new Thread(() -> {
        running.start(jobId);
        task.registered.countDown();
        // Keeps waiting when interrupted, and sets the interrupt flag again on return.
        task.release.acquireUninterruptibly();
        task.interrupted = Thread.currentThread().isInterrupted();
        running.finish(jobId);
        task.finished.countDown();
      }, "task-of-" + jobId);
      thread.setDaemon(true);
      thread.start();
      task.registered.await();
      return task;
    }

    /** Lets the task finish and returns whether it was interrupted while it ran. */
    boolean release() throws InterruptedException {
      release.release();
      finished.await();
      return interrupted;
    }
  }
}
