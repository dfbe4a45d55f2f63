package io.workerpool.worker;

import io.workerpool.core.runtime.RoleRuntime;
import io.workerpool.core.runtime.ServiceRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's loop: takes up to {@code concurrency} tasks from the share group per poll, runs
 * them at once on a pool of task threads, waits until their results are stored, then
 * acknowledges each task record on its own. A share group hands each task to one worker at a
 * time, so workers scale beyond the tasks topic's partition count.
 *
 * <p>NOTE: a poll's tasks are acknowledged together, so one slow task holds back the next poll
 * of this worker. A task that runs longer than the share group's record lock (30 s by default)
 * is delivered again to another worker.
 */
final class WorkerService implements ServiceRunner.Service {

  private static final Logger log = LoggerFactory.getLogger(WorkerService.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

  private final KafkaShareConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final ExecutorService taskThreads;
  private final RunningTasks running;
  private final TaskRunner runner;
  private final String tasksTopic;
  private final WorkerMetrics metrics;
  private final RejectedTasks rejects;
  private volatile boolean stopping;

  WorkerService(RoleRuntime runtime, WorkerSettings settings, TaskRunner runner,
      RunningTasks running, WorkerMetrics metrics) {
    this.metrics = metrics;
    this.rejects = new RejectedTasks(runtime.deadLetters(), runtime.cancelPublisher(),
        runtime.clock(), runtime.identity());
    this.consumer = runtime.clients().newShareConsumer("tasks", settings.groupId(),
        settings.shareConsumerOverrides());
    this.producer = runtime.producer();
    this.taskThreads = Executors.newFixedThreadPool(settings.concurrency(), namedThreads());
    this.running = running;
    this.runner = runner;
    this.tasksTopic = runtime.topics().tasks();
  }

  @Override
  public void run() throws InterruptedException {
    try {
      consumer.subscribe(List.of(tasksTopic));
      while (!stopping) {
        runBatch(consumer.poll(POLL_TIMEOUT));
      }
    } catch (WakeupException e) {
      if (!stopping) {
        throw e;
      }
    } finally {
      taskThreads.shutdownNow();
      taskThreads.awaitTermination(10, TimeUnit.SECONDS);
      consumer.close();
    }
  }

  private void runBatch(ConsumerRecords<String, byte[]> records) throws InterruptedException {
    if (records.isEmpty()) {
      return;
    }
    List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
    List<Future<AcknowledgeType>> acks = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      batch.add(record);
      acks.add(taskThreads.submit(() -> run(record)));
    }
    List<AcknowledgeType> types = new ArrayList<>();
    for (Future<AcknowledgeType> ack : acks) {
      types.add(await(ack));
    }
    for (int i = 0; i < batch.size(); i++) {
      if (types.get(i) == AcknowledgeType.REJECT) {
        rejects.handle(batch.get(i));
      }
    }
    // Results and dead letters must be stored before their tasks are acknowledged, or a crash
    // could lose them.
    producer.flush();
    for (int i = 0; i < batch.size(); i++) {
      consumer.acknowledge(batch.get(i), types.get(i));
      metrics.countAcknowledgement(types.get(i));
    }
  }

  /** Runs one task, or hands it back untouched when the worker is stopping. */
  private AcknowledgeType run(ConsumerRecord<String, byte[]> record) {
    if (stopping) {
      return AcknowledgeType.RELEASE;
    }
    long start = System.nanoTime();
    try {
      return runner.run(record.key(), record.value());
    } finally {
      metrics.recordTaskDuration(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static AcknowledgeType await(Future<AcknowledgeType> ack) throws InterruptedException {
    try {
      return ack.get();
    } catch (ExecutionException e) {
      log.error("Task thread failed; releasing the task for another delivery", e.getCause());
      return AcknowledgeType.RELEASE;
    }
  }

  @Override
  public void stop() {
    stopping = true;
    running.interruptAll();
    consumer.wakeup();
  }

  private static java.util.concurrent.ThreadFactory namedThreads() {
    AtomicInteger next = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "task-" + next.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
