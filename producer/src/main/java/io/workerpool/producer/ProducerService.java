package io.workerpool.producer;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.workerpool.core.runtime.RoleRuntime;
import io.workerpool.core.runtime.ServiceRunner;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.protocol.JobIds;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The producer's loop: reads jobs as a member of the producer consumer group, lists the tasks of
 * every job a poll returned, waits until they are stored, then commits the offsets of those jobs
 * at once. A job's offset is committed only after its tasks and listing report are stored, so a
 * producer that dies mid-listing leaves the job to the next one.
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
        if (!listAll(consumer.poll(POLL_TIMEOUT))) {
          return;
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

  /**
   * Lists every job of one poll, then stores the listings and commits the offsets of the jobs
   * listed in full, with one flush and one commit. Returns false when the producer stopped
   * listing a job because it is stopping.
   */
  private boolean listAll(ConsumerRecords<String, byte[]> records) throws InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> listed = new HashMap<>();
    boolean finished = true;
    for (ConsumerRecord<String, byte[]> record : records) {
      if (!list(record)) {
        finished = false;
        break;
      }
      listed.put(new TopicPartition(record.topic(), record.partition()),
          new OffsetAndMetadata(record.offset() + 1));
    }
    if (!listed.isEmpty()) {
      output.flush();
      consumer.commitSync(listed);
    }
    return finished;
  }

  private boolean list(ConsumerRecord<String, byte[]> record) throws InterruptedException {
    MDC.put("jobId", JobIds.isValid(record.key()) ? record.key() : "invalid");
    try {
      output.setCurrentRecord(record);
      return lister.list(record.key(), record.value(), () -> running);
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
