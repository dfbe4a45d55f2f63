package io.workerpool.reducer;

import io.workerpool.protocol.JobProgress;
import io.workerpool.protocol.MessageCodec;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends progress records to the progress topic, keyed by job id, without waiting for the
 * broker. A failed send changes nothing about the job: the first failure of each job is logged
 * as a warning and later ones at debug level, until the job's final record is sent.
 */
final class ProgressPublisher {

  private static final Logger log = LoggerFactory.getLogger(ProgressPublisher.class);

  private final Producer<String, byte[]> producer;
  private final String topic;
  /** Jobs whose progress failed to send, written by the producer's callbacks. */
  private final Set<String> failedJobs = ConcurrentHashMap.newKeySet();

  ProgressPublisher(Producer<String, byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /** Sends one record; returns at once, also when the send fails. */
  void publish(JobProgress progress) {
    String jobId = progress.jobId();
    boolean last = progress.state().isFinal();
    try {
      producer.send(new ProducerRecord<>(topic, jobId, MessageCodec.encode(progress)),
          (metadata, error) -> {
            if (error != null) {
              logFailure(jobId, error);
            }
            if (last) {
              failedJobs.remove(jobId);
            }
          });
    } catch (RuntimeException e) {
      // send throws instead of calling back when, for example, the producer is closing.
      logFailure(jobId, e);
    }
  }

  /** Forgets a job that another reducer takes over. */
  void forget(String jobId) {
    failedJobs.remove(jobId);
  }

  /** Tells whether a failed send of the job's progress was logged; for tests. */
  boolean failureLogged(String jobId) {
    return failedJobs.contains(jobId);
  }

  private void logFailure(String jobId, Exception error) {
    MDC.put("jobId", jobId);
    try {
      if (failedJobs.add(jobId)) {
        log.warn("Failed to publish the progress of job {} to topic {}; the job goes on, and "
            + "further failures of its progress are logged at debug level: {}", jobId, topic,
            error.toString());
      } else {
        log.debug("Failed to publish the progress of job {} again: {}", jobId,
            error.toString());
      }
    } finally {
      MDC.remove("jobId");
    }
  }
}
