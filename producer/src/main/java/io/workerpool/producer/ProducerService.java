package io.workerpool.producer;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.workerpool.core.runtime.RoleRuntime;
import io.workerpool.core.runtime.ServiceRunner;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.protocol.JobIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The producer's loop: reads jobs as a member of the producer consumer group, lists each job's
 * tasks, then commits the job's offset. A job's offset is committed only after its tasks and
 * listing report are stored, so a producer that dies mid-listing leaves the job to the next one.
 *
 * <p>NOTE: one producer lists one job at a time, so a job with a slow listing delays the jobs
 * behind it on the same partition. Run more producers to list jobs of other partitions.
 */
final class ProducerService implements ServiceRunner.Service {

  private static final Logger log = LoggerFactory.getLogger(ProducerService.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaListingOutput output;
  private final JobLister lister;
  private final String jobsTopic;
  private volatile boolean running = true;

  ProducerService(RoleRuntime runtime, JobHandlers handlers, String groupId) {
    this.consumer = runtime.clients().newConsumer("jobs", groupId);
    this.output = new KafkaListingOutput(runtime.producer(), runtime.topics(),
        runtime.cancelPublisher(), runtime.deadLetters(), runtime.meters());
    new KafkaClientMetrics(consumer).bindTo(runtime.meters());
    this.lister = new JobLister(handlers, runtime.cancels(), output, runtime.clock(),
        runtime.identity(), ListingLimits.from(runtime.settings()));
    this.jobsTopic = runtime.topics().jobs();
  }

  @Override
  public void run() throws InterruptedException {
    try {
      consumer.subscribe(List.of(jobsTopic));
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
          if (!listAndCommit(record)) {
            return;
          }
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally {
      consumer.close();
    }
  }

  private boolean listAndCommit(ConsumerRecord<String, byte[]> record)
      throws InterruptedException {
    MDC.put("jobId", JobIds.isValid(record.key()) ? record.key() : "invalid");
    try {
      output.setCurrentRecord(record);
      if (!lister.list(record.key(), record.value(), () -> running)) {
        return false;
      }
      output.flush();
      consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
          new OffsetAndMetadata(record.offset() + 1)));
      return true;
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
