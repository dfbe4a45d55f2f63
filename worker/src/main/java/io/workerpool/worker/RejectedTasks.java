package io.workerpool.worker;

import io.workerpool.core.cancel.CancelPublisher;
import io.workerpool.core.kafka.DeadLetters;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.InvalidMessageException;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import java.time.Clock;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Handles a task record that no worker can read: copies it to the dead-letter topic and, when
 * its key names a job, cancels that job, because one of its tasks can never run. Also copies
 * parked tasks there (see {@link TaskParking}).
 */
final class RejectedTasks {

  private final DeadLetters deadLetters;
  private final CancelPublisher cancels;
  private final Clock clock;
  private final String workerId;

  RejectedTasks(DeadLetters deadLetters, CancelPublisher cancels, Clock clock,
      String workerId) {
    this.deadLetters = deadLetters;
    this.cancels = cancels;
    this.clock = clock;
    this.workerId = workerId;
  }

  /** Returns the dead letter's send, which completes once the copy is stored. */
  Future<RecordMetadata> handle(ConsumerRecord<String, byte[]> record) {
    String reason = reason(record.value());
    Future<RecordMetadata> stored = deadLetters.send(record, reason);
    String jobId = JobIds.jobIdOfTask(record.key());
    if (jobId != null) {
      String message = "task record " + record.key() + " at " + record.topic() + "-"
          + record.partition() + " offset " + record.offset() + " is unreadable: " + reason;
      cancels.publish(Cancel.of(jobId, CancelReason.FAILED,
          new JobError(Step.TASK, message, record.key()), workerId, clock.instant(), null));
    }
    return stored;
  }

  /**
   * Copies a readable task that must not run again to the dead-letter topic with
   * {@code reason}; its job's cancel is the caller's. Returns the send, which completes once
   * the copy is stored.
   */
  Future<RecordMetadata> park(ConsumerRecord<String, byte[]> record, String reason) {
    return deadLetters.send(record, reason);
  }

  private static String reason(byte[] value) {
    try {
      MessageCodec.decode(value, Task.class);
      return "rejected by the worker";
    } catch (InvalidMessageException e) {
      return e.getMessage();
    }
  }
}
