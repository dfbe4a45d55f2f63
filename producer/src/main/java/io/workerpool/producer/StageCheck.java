package io.workerpool.producer;

import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.Stage;
import io.workerpool.protocol.Topics;
import java.util.List;
import java.util.Optional;

/**
 * Checks the later stages of a chained job before the producer lists it: their count, that a
 * handler serves each stage's type and accepts its parameters, and that each named queue has its
 * tasks topic. The queue of the job's own tasks gets the same topic check. A stage that fails a check would otherwise fail every task that reaches it, or
 * leave its tasks on a topic no worker reads until the job's deadline.
 */
public final class StageCheck {

  /** The maximum number of later stages in one job. */
  static final int MAX_STAGES = 16;

  private final JobHandlers handlers;
  private final Topics topics;
  private final QueueTopics queueTopics;

  public StageCheck(JobHandlers handlers, Topics topics, QueueTopics queueTopics) {
    this.handlers = handlers;
    this.topics = topics;
    this.queueTopics = queueTopics;
  }

  /**
   * Returns the SUBMIT error for the job's first invalid stage, naming the stage's index (1 for
   * the first later stage) and the offending value, or empty when every stage is valid.
   */
  public Optional<String> check(JobRequest job) {
    if (job.queue() != null) {
      Optional<String> error = checkQueue("", job.queue());
      if (error.isPresent()) {
        return error;
      }
    }
    List<Stage> stages = job.stages();
    if (stages.size() > MAX_STAGES) {
      return Optional.of("the job has " + stages.size() + " later stages: at most " + MAX_STAGES
          + " are allowed; combine some stages into one job type");
    }
    for (int i = 0; i < stages.size(); i++) {
      Optional<String> error = check(i + 1, stages.get(i));
      if (error.isPresent()) {
        return error;
      }
    }
    return Optional.empty();
  }

  private Optional<String> check(int index, Stage stage) {
    String label = "stage " + index + " (" + stage.type() + "): ";
    Optional<JobHandler> handler = handlers.find(stage.type());
    if (handler.isEmpty()) {
      return Optional.of(label + handlers.unknownTypeMessage(stage.type()));
    }
    try {
      handler.get().validateStage(stage.params());
    } catch (InvalidJobException e) {
      return Optional.of(label + e.getMessage());
    }
    if (stage.queue() == null) {
      return Optional.empty();
    }
    return checkQueue(label, stage.queue());
  }

  /** Returns an error, starting with {@code label}, unless the queue's tasks topic exists. */
  private Optional<String> checkQueue(String label, String queue) {
    String topic = topics.tasks(queue);
    boolean exists;
    try {
      exists = queueTopics.exists(topic);
    } catch (IllegalStateException e) {
      // NOTE: a cluster that does not respond fails the job rather than delaying the listing.
      return Optional.of(label + "cannot check queue '" + queue + "': " + e.getMessage());
    }
    if (!exists) {
      return Optional.of(label + "queue '" + queue + "' has no topic " + topic
          + ": start a worker with WORKER_QUEUE=" + queue
          + " or run 'bin/workerpool setup-topics --queue " + queue + "'");
    }
    return Optional.empty();
  }
}
