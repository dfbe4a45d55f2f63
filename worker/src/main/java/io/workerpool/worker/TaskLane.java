package io.workerpool.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One share consumer of a worker and its loop: poll a batch of tasks, run them on the worker's
 * task threads, wait until their results are stored, acknowledge each task record, poll again.
 *
 * <p>A share consumer in explicit acknowledgement mode cannot poll while a record of its last
 * poll is unacknowledged, so one lane alternates between running tasks and talking to the
 * broker. A worker runs several lanes so that one lane polls while another's tasks run. A lane
 * polls only while few of the worker's tasks wait for a thread (see {@link TaskBacklog}).
 */
final class TaskLane {

  private static final Logger log = LoggerFactory.getLogger(TaskLane.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  /**
   * Half the share group's default record lock (30 s). A poll whose tasks take longer risks
   * that the broker hands its last tasks to another worker, so they run twice.
   */
  static final Duration SLOW_POLL = Duration.ofSeconds(15);

  private final KafkaShareConsumer<String, byte[]> consumer;
  private final ExecutorService taskThreads;
  private final TaskRunner runner;
  private final PendingSends pending;
  private final RejectedTasks rejects;
  private final WorkerMetrics metrics;
  private final TaskBacklog backlog;
  private final BooleanSupplier stopping;

  TaskLane(KafkaShareConsumer<String, byte[]> consumer, ExecutorService taskThreads,
      TaskBacklog backlog, TaskRunner runner, PendingSends pending, RejectedTasks rejects,
      WorkerMetrics metrics, BooleanSupplier stopping) {
    this.backlog = backlog;
    this.consumer = consumer;
    this.taskThreads = taskThreads;
    this.runner = runner;
    this.pending = pending;
    this.rejects = rejects;
    this.metrics = metrics;
    this.stopping = stopping;
  }

  /** Reads {@code topic} until the worker stops, then closes the consumer. */
  void run(String topic) throws InterruptedException {
    try {
      consumer.subscribe(List.of(topic));
      while (!stopping.getAsBoolean()) {
        backlog.awaitRoom();
        runBatch(consumer.poll(POLL_TIMEOUT));
      }
    } catch (WakeupException e) {
      if (!stopping.getAsBoolean()) {
        throw e;
      }
    } finally {
      consumer.close();
    }
  }

  /** Makes a blocked poll return, when the worker stops; safe from any thread. */
  void wakeup() {
    consumer.wakeup();
  }

  private void runBatch(ConsumerRecords<String, byte[]> records) throws InterruptedException {
    if (records.isEmpty()) {
      return;
    }
    long polledAt = System.nanoTime();
    List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
    List<Future<AcknowledgeType>> runs = new ArrayList<>(records.count());

    backlog.added(records.count());
    for (ConsumerRecord<String, byte[]> record : records) {
      batch.add(record);
      runs.add(taskThreads.submit(() -> {
        backlog.started();
        return run(record);
      }));
    }

    List<AcknowledgeType> types = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      AcknowledgeType type = await(runs.get(i), batch.get(i).key());
      if (type == AcknowledgeType.REJECT) {
        pending.add(rejects.handle(batch.get(i)));
      }
      types.add(type);
    }

    // Results and dead letters must be stored before their tasks are acknowledged, or a crash
    // could lose them. A task whose result was not stored goes back for another delivery.
    boolean stored = pending.awaitStored();
    if (!stored) {
      log.error("Some of {} task results could not be stored; releasing those tasks for "
          + "another delivery", batch.size());
    }

    warnIfSlow(batch.size(), Duration.ofNanos(System.nanoTime() - polledAt));

    for (int i = 0; i < batch.size(); i++) {
      AcknowledgeType type = stored ? types.get(i) : AcknowledgeType.RELEASE;
      consumer.acknowledge(batch.get(i), type);
      metrics.countAcknowledgement(type);
    }
  }

  private static void warnIfSlow(int tasks, Duration pollToAcknowledgement) {
    if (pollToAcknowledgement.compareTo(SLOW_POLL) > 0) {
      log.warn("A poll's {} tasks took {} ms from the poll to their acknowledgement, more than "
          + "half of the share group's default 30 s record lock. Tasks still waiting when a lock "
          + "runs out go to another worker and run twice: lower WORKER_POLL_RECORDS or raise "
          + "WORKER_CONCURRENCY", tasks, pollToAcknowledgement.toMillis());
    }
  }

  /** Runs one task, or hands it back untouched when the worker is stopping. */
  private AcknowledgeType run(ConsumerRecord<String, byte[]> record) {
    if (stopping.getAsBoolean()) {
      return AcknowledgeType.RELEASE;
    }
    long start = System.nanoTime();
    try {
      return runner.run(record.key(), record.value());
    } finally {
      metrics.recordTaskDuration(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static AcknowledgeType await(Future<AcknowledgeType> run, String taskId)
      throws InterruptedException {
    try {
      return run.get();
    } catch (ExecutionException e) {
      log.error("Task thread failed on task {}; releasing the task for another delivery", taskId,
          e.getCause());
      return AcknowledgeType.RELEASE;
    }
  }
}
