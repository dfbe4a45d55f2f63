package io.workerpool.worker;

import io.workerpool.core.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
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
 *
 * <p>A batch that has not ended a third of the record lock after its poll is renewed: the lane
 * acknowledges the tasks that ended, renews the locks of the others with
 * {@link AcknowledgeType#RENEW} and polls to take them back (see {@link LaneBatch}). That poll
 * may also return new tasks, which join the batch. A batch that ends sooner is acknowledged as
 * a whole, with no extra round trip.
 */
final class TaskLane {

  private static final Logger log = LoggerFactory.getLogger(TaskLane.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaShareConsumer<String, byte[]> consumer;
  private final ExecutorService taskThreads;
  private final TaskRunner runner;
  private final TaskParking parking;
  private final PendingSends pending;
  private final RejectedTasks rejects;
  private final WorkerMetrics metrics;
  private final TaskBacklog backlog;
  private final BooleanSupplier stopping;
  private final Duration recordLock;

  TaskLane(KafkaShareConsumer<String, byte[]> consumer, ExecutorService taskThreads,
      TaskBacklog backlog, TaskRunner runner, TaskParking parking, PendingSends pending,
      RejectedTasks rejects, WorkerMetrics metrics, Duration recordLock,
      BooleanSupplier stopping) {
    this.backlog = backlog;
    this.consumer = consumer;
    this.taskThreads = taskThreads;
    this.runner = runner;
    this.parking = parking;
    this.pending = pending;
    this.rejects = rejects;
    this.metrics = metrics;
    this.recordLock = recordLock;
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
    long renewInterval = recordLock.dividedBy(3).toNanos();
    LaneBatch batch = new LaneBatch();
    int tasks = start(batch, records);

    int renewals = 0;
    long nextRenewal = polledAt + renewInterval;
    while (!batch.awaitAll(nextRenewal) || batch.awaitsRenewed()) {
      tasks += renew(batch);
      renewals++;
      nextRenewal = System.nanoTime() + renewInterval;
    }
    acknowledge(batch, batch.removeFinished());
    warnIfSlow(tasks, renewals, Duration.ofNanos(System.nanoTime() - polledAt));
  }

  /** Starts the polled tasks that are new to the batch; returns how many. */
  private int start(LaneBatch batch, ConsumerRecords<String, byte[]> records) {
    int started = 0;
    for (ConsumerRecord<String, byte[]> record : records) {
      if (batch.takeRenewed(record)) {
        continue;
      }
      backlog.added(1);
      batch.add(record, taskThreads.submit(() -> {
        backlog.started();
        return run(record);
      }));
      started++;
    }
    return started;
  }

  /**
   * Acknowledges the batch's ended tasks, renews the locks of the others and polls to take the
   * renewed records back. Returns how many new tasks that poll started.
   */
  private int renew(LaneBatch batch) throws InterruptedException {
    acknowledge(batch, batch.removeFinished());
    // Waiting for the results' sends above can take long while the cluster is away, and tasks
    // that end meanwhile are renewed too: a share consumer in explicit mode rejects a poll while
    // any record of the previous one is unacknowledged.
    for (LaneBatch.Entry entry : batch.unacknowledged()) {
      consumer.acknowledge(entry.record(), AcknowledgeType.RENEW);
      batch.markRenewed(entry);
    }
    commit();
    int started = start(batch, consumer.poll(POLL_TIMEOUT));
    for (LaneBatch.Entry lost : batch.removeLost(recordLock)) {
      log.warn("Task {} lost its record lock: the share group did not return it within {} of "
          + "its renewal, so it may run again on another worker", lost.record().key(),
          Durations.format(recordLock));
    }
    return started;
  }

  /** Sends the acknowledgements so far and logs those the broker rejected. */
  private void commit() {
    Map<TopicIdPartition, Optional<KafkaException>> results =
        consumer.commitSync(COMMIT_TIMEOUT);
    results.forEach((partition, error) -> error.ifPresent(e -> log.warn(
        "The broker rejected the acknowledgements or lock renewals of tasks in {}: {}",
        partition, e.toString())));
  }

  /**
   * Acknowledges ended tasks once their results and dead letters are stored, or releases them
   * for another delivery when a send failed, because a crash could otherwise lose them.
   */
  private void acknowledge(LaneBatch batch, List<LaneBatch.Entry> entries)
      throws InterruptedException {
    if (entries.isEmpty()) {
      return;
    }
    List<AcknowledgeType> types = new ArrayList<>(entries.size());
    for (LaneBatch.Entry entry : entries) {
      types.add(await(entry.run(), entry.record().key()));
    }
    if (!pending.awaitStored()) {
      batch.markSendFailed();
    }
    boolean stored = !batch.hasFailedSend();
    if (!stored) {
      log.error("Some of {} task results could not be stored; releasing those tasks for "
          + "another delivery", entries.size());
    }
    for (int i = 0; i < entries.size(); i++) {
      AcknowledgeType type = stored ? types.get(i) : AcknowledgeType.RELEASE;
      consumer.acknowledge(entries.get(i).record(), type);
      metrics.countAcknowledgement(type);
    }
  }

  private void warnIfSlow(int tasks, int renewals, Duration pollToAcknowledgement) {
    if (renewals > 0) {
      log.warn("A poll's {} tasks took {} ms from the poll to their acknowledgement, more than "
          + "a third of the {} record lock, so the lane renewed the locks of its unfinished "
          + "tasks (renewals: {}). Tasks that wait that long for a task thread would start sooner "
          + "on another worker: lower WORKER_POLL_RECORDS or raise WORKER_CONCURRENCY", tasks,
          pollToAcknowledgement.toMillis(), Durations.format(recordLock), renewals);
    }
  }

  /** Runs one task, or hands it back untouched when the worker is stopping. */
  private AcknowledgeType run(ConsumerRecord<String, byte[]> record) throws InterruptedException {
    if (stopping.getAsBoolean()) {
      return AcknowledgeType.RELEASE;
    }
    return parking.run(record, this::runTask);
  }

  private AcknowledgeType runTask(ConsumerRecord<String, byte[]> record) {
    long start = System.nanoTime();
    AcknowledgeType type;
    try {
      type = runner.run(record.key(), record.value());
    } finally {
      metrics.recordTaskDuration(Duration.ofNanos(System.nanoTime() - start));
    }
    if (type == AcknowledgeType.REJECT) {
      pending.add(rejects.handle(record));
    }
    return type;
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
