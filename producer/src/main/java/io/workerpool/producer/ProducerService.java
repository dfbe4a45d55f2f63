package io.workerpool.producer;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.workerpool.core.runtime.RoleRuntime;
import io.workerpool.core.runtime.ServiceRunner;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.protocol.JobIds;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The producer's loop: reads jobs as a member of the producer consumer group, lists the tasks of
 * every job a poll returned, and keeps polling while those tasks are sent. A job's offset is
 * committed only after its tasks and listing report are stored, so a producer that dies
 * mid-listing leaves the job to the next one. While a job is listed, its own offset is committed
 * from time to time with a {@link ListingCheckpoint}, after the tasks it counts are stored, so
 * the next producer resumes the listing there instead of sending every task again.
 *
 * <p>NOTE: one producer lists one job at a time, so a job with a slow listing delays the jobs
 * behind it on the same partition. Run more producers to list jobs of other partitions.
 */
final class ProducerService implements ServiceRunner.Service {

  private static final Logger log = LoggerFactory.getLogger(ProducerService.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  /** How long a poll waits while listed jobs wait for their offsets to be committed. */
  private static final Duration COMMIT_CHECK_INTERVAL = Duration.ofMillis(5);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Admin admin;
  private final KafkaListingOutput output;
  private final JobLister lister;
  private final String jobsTopic;
  private final Deque<ListingBatch> uncommitted = new ArrayDeque<>();
  /** Listing checkpoints committed on assigned partitions whose first record is not read yet. */
  private final Map<TopicPartition, CommittedCheckpoint> checkpoints = new HashMap<>();
  private volatile boolean running = true;

  private record CommittedCheckpoint(long offset, ListingCheckpoint checkpoint) {}

  ProducerService(RoleRuntime runtime, JobHandlers handlers, String groupId) {
    this.consumer = runtime.clients().newConsumer("jobs", groupId);
    this.output = new KafkaListingOutput(runtime.producer(), runtime.topics(),
        runtime.cancelPublisher(), runtime.deadLetters(), runtime.meters(),
        CheckpointSchedule.from(runtime.settings()), this::commitCheckpoint);
    new KafkaClientMetrics(consumer).bindTo(runtime.meters());
    this.admin = runtime.clients().newAdmin();
    this.lister = new JobLister(handlers, runtime.cancels(), output, runtime.clock(),
        runtime.identity(), ListingLimits.from(runtime.settings()),
        new StageCheck(handlers, runtime.topics(), new AdminQueueTopics(admin)));
    this.jobsTopic = runtime.topics().jobs();
  }

  @Override
  public void run() throws InterruptedException {
    boolean stopped = false;
    try {
      consumer.subscribe(List.of(jobsTopic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          commitAll();
          checkpoints.keySet().removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          readCheckpoints(partitions);
        }
      });
      while (running) {
        Duration timeout = uncommitted.isEmpty() ? POLL_TIMEOUT : COMMIT_CHECK_INTERVAL;
        boolean finished = listAll(consumer.poll(timeout));
        commitStored(false);
        if (!finished) {
          break;
        }
      }
      stopped = true;
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
      stopped = true;
    } finally {
      if (stopped) {
        commitAll();
      }
      consumer.close();
      admin.close();
    }
  }

  /**
   * Lists every job of one poll. Their records form one batch, whose job offsets are committed
   * once the batch is stored. Returns false when the producer stopped listing a job because it
   * is stopping.
   */
  private boolean listAll(ConsumerRecords<String, byte[]> records) throws InterruptedException {
    boolean finished = true;
    for (ConsumerRecord<String, byte[]> record : records) {
      if (!list(record)) {
        output.checkpointAbandonedJob();
        finished = false;
        break;
      }
      output.currentBatch().listed(new TopicPartition(record.topic(), record.partition()),
          record.offset());
    }
    ListingBatch batch = output.takeBatch();
    if (!batch.offsets().isEmpty()) {
      uncommitted.addLast(batch);
    }
    return finished;
  }

  /**
   * Commits the offsets of the oldest batches whose records are all stored, in order, so an
   * offset is never committed ahead of an earlier job's tasks.
   */
  private void commitStored(boolean sync) {
    if (uncommitted.isEmpty() || !uncommitted.peekFirst().isStored()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> ready = new HashMap<>();
    while (!uncommitted.isEmpty() && uncommitted.peekFirst().isStored()) {
      ready.putAll(uncommitted.removeFirst().offsets());
    }
    if (ready.isEmpty()) {
      return;
    }
    if (sync) {
      try {
        consumer.commitSync(ready);
      } catch (WakeupException e) {
        // The stop request's wakeup can land here instead of in poll; the commit still counts.
        consumer.commitSync(ready);
      }
    } else {
      consumer.commitAsync(ready, (offsets, error) -> {
        if (error != null) {
          log.warn("Failed to commit job offsets {}; another producer may list those jobs "
              + "again", offsets, error);
        }
      });
    }
  }

  /**
   * Queues a batch that ends with a checkpoint behind the earlier batches, waits until all of
   * them are stored and commits them. Waiting for the sends costs one round trip to the broker
   * per checkpoint, and it is what bounds the tasks a successor sends again to one checkpoint
   * interval: a commit that waited for the acknowledgements could only happen at the job's next
   * task, and a listing handler that pauses between pages would delay it by a page.
   */
  private void commitCheckpoint(ListingBatch batch) {
    uncommitted.addLast(batch);
    output.flush();
    try {
      commitStored(false);
    } catch (IllegalStateException e) {
      // A failed send keeps its batch queued, so the poll loop's next commit stops the producer
      // with the error.
      log.debug("Listing checkpoint not committed: {}", e.getMessage());
    }
  }

  /** Reads the listing checkpoints committed on newly assigned partitions. */
  private void readCheckpoints(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = consumer.committed(Set.copyOf(partitions));
    } catch (TimeoutException e) {
      log.warn("Reading the committed offsets of {} timed out, so a job whose listing an earlier "
          + "producer checkpointed is listed from its first task", partitions, e);
      return;
    }
    committed.forEach((partition, offset) -> {
      if (offset == null) {
        return;
      }
      ListingCheckpoint.fromMetadata(offset.metadata(), "partition " + partition + " at offset "
          + offset.offset()).ifPresent(checkpoint -> checkpoints.put(partition,
              new CommittedCheckpoint(offset.offset(), checkpoint)));
    });
  }

  /**
   * Returns the checkpoint committed at this record's offset, if the record is the first one read
   * on its partition since the partition was assigned, else null.
   */
  private ListingCheckpoint takeCheckpoint(ConsumerRecord<String, byte[]> record) {
    CommittedCheckpoint committed =
        checkpoints.remove(new TopicPartition(record.topic(), record.partition()));
    if (committed == null || committed.offset() != record.offset()) {
      return null;
    }
    return committed.checkpoint();
  }

  /** Waits until everything sent is stored, then commits every listed job's offset. */
  private void commitAll() {
    output.flush();
    commitStored(true);
  }

  private boolean list(ConsumerRecord<String, byte[]> record) throws InterruptedException {
    MDC.put("jobId", JobIds.isValid(record.key()) ? record.key() : "invalid");
    try {
      output.setCurrentRecord(record);
      return lister.list(record.key(), record.value(), () -> running, takeCheckpoint(record));
    } finally {
      MDC.remove("jobId");
    }
  }

  @Override
  public void stop() {
    running = false;
    consumer.wakeup();
    log.debug("Producer asked to stop");
  }
}
