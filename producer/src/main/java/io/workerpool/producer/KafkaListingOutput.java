package io.workerpool.producer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.workerpool.core.cancel.CancelPublisher;
import io.workerpool.core.kafka.DeadLetters;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.ListingFinished;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Sends the producer's output to Kafka. Sends are asynchronous. Each belongs to the current
 * {@link ListingBatch}, which reports when they are stored, so a job's offset is committed only
 * after its tasks are stored. While a job is listed, the output ends a batch with a checkpoint
 * of the job whenever its {@link CheckpointSchedule} falls due.
 */
final class KafkaListingOutput implements ListingOutput {

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final CancelPublisher cancels;
  private final DeadLetters deadLetters;
  private final MeterRegistry meters;
  private final CheckpointSchedule checkpoints;
  private final CheckpointCommitter committer;
  private ConsumerRecord<String, byte[]> currentRecord;
  private ListingCheckpoint progress;
  private final Counter tasksListed;
  private ListingBatch batch = new ListingBatch();

  KafkaListingOutput(Producer<String, byte[]> producer, Topics topics, CancelPublisher cancels,
      DeadLetters deadLetters, MeterRegistry meters, CheckpointSchedule checkpoints,
      CheckpointCommitter committer) {
    this.checkpoints = checkpoints;
    this.committer = committer;
    this.deadLetters = deadLetters;
    this.producer = producer;
    this.topics = topics;
    this.cancels = cancels;
    this.meters = meters;
    this.tasksListed = Counter.builder("workerpool.tasks.listed")
        .description("Tasks the producer sent")
        .register(meters);
  }

  @Override
  public void sendTask(Task task) {
    tasksListed.increment();
    // Tasks are keyed by task id, so one job's tasks spread over every partition.
    producer.send(new ProducerRecord<>(topics.tasks(task.queue()), task.taskId(),
        MessageCodec.encode(task)),
        batch.track());
    // The lister sends a job's tasks in sequence order, so the next task to send is sequence + 1.
    progress = new ListingCheckpoint(task.jobId(), task.submittedAt(), task.sequence() + 1);
    if (checkpoints.taskSent()) {
      batch.checkpoint(currentPartition(), currentRecord.offset(), progress);
      committer.commit(takeBatch());
      checkpoints.restart();
    }
  }

  /**
   * Adds a checkpoint of the job being listed to the current batch, for a listing abandoned
   * because the producer is stopping. Does nothing when no task of the job was sent.
   */
  void checkpointAbandonedJob() {
    if (progress != null) {
      batch.checkpoint(currentPartition(), currentRecord.offset(), progress);
    }
  }

  private TopicPartition currentPartition() {
    return new TopicPartition(currentRecord.topic(), currentRecord.partition());
  }

  @Override
  public void sendListingFinished(ListingFinished report) {
    Counter.builder("workerpool.jobs.listed")
        .description("Jobs whose listing ended, by how it ended")
        .tag("status", report.status().name())
        .register(meters)
        .increment();
    producer.send(new ProducerRecord<>(topics.results(), report.jobId(),
        MessageCodec.encode(report)), batch.track());
  }

  @Override
  public void cancel(Cancel cancel) {
    cancels.publish(cancel);
  }

  /** Sets the job record that {@link #deadLetter} copies and checkpoints refer to. */
  void setCurrentRecord(ConsumerRecord<String, byte[]> record) {
    this.currentRecord = record;
    this.progress = null;
    checkpoints.restart();
  }

  @Override
  public void deadLetter(String reason) {
    if (currentRecord != null) {
      batch.track(deadLetters.send(currentRecord, reason));
    }
  }

  /** Returns the batch that sends belong to now. */
  ListingBatch currentBatch() {
    return batch;
  }

  /** Returns the batch that the sends since the last call belong to, and starts a new one. */
  ListingBatch takeBatch() {
    ListingBatch finished = batch;
    batch = new ListingBatch();
    return finished;
  }

  /** Waits until every record sent so far is stored. */
  void flush() {
    producer.flush();
  }

}
