package io.workerpool.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.client.JobClient;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A job for the pool to run, built with {@link #builder(String)}.
 *
 * <p>The spec is not validated when it is built. {@link WorkerPoolClient#submit(JobSpec)} checks
 * it and fails the returned future with an {@link IllegalArgumentException} that names the
 * invalid value, so every submission failure reaches the caller the same way.
 *
 * @param jobId the job's id, a random UUID unless the builder set one
 * @param type the job type, which selects the handler, for example {@code friends}
 * @param params the handler's parameters, for example {@code {"userId": 0}}
 * @param deadline how long after submission the job ends {@code TIMED_OUT} if it has not
 *     finished; more than zero and at most {@link JobClient#MAX_DEADLINE}
 * @param completion when the job is complete, {@link Completion#ALL} by default
 * @param stages the later stages of a chained job, empty for a job of one stage
 * @param queue the task queue of the job's own tasks, or null for the shared tasks topic
 */
public record JobSpec(
    String jobId,
    String type,
    JsonNode params,
    Duration deadline,
    Completion completion,
    List<Stage> stages,
    String queue) {

  /** The deadline of a job whose builder set none. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  public JobSpec {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(type, "type");
    params = Objects.requireNonNullElseGet(params, JsonNodeFactory.instance::objectNode);
    Objects.requireNonNull(deadline, "deadline");
    completion = Objects.requireNonNullElse(completion, Completion.ALL);
    stages = stages == null ? List.of() : List.copyOf(stages);
  }

  /** Starts a spec of a job of {@code type}, such as {@code friends}. */
  public static Builder builder(String type) {
    return new Builder(type);
  }

  /**
   * Creates the job message sent at {@code submittedAt}.
   *
   * @throws IllegalArgumentException naming the value when the job id, the type, the deadline
   *     or the queue is invalid
   */
  JobRequest toRequest(Instant submittedAt) {
    JobIds.requireValid(jobId);
    if (type.isBlank()) {
      throw new IllegalArgumentException("invalid job type '" + type
          + "': name the handler that runs the job, for example 'friends'");
    }
    JobClient.requireValidDeadline(deadline);
    return new JobRequest(MessageCodec.VERSION, jobId, type, params, submittedAt,
        submittedAt.plus(deadline), completion, stages, queue);
  }

  /** Builds a {@link JobSpec}; every setting but the type is optional. */
  public static final class Builder {

    private final String type;
    private String jobId;
    private JsonNode params;
    private Duration deadline = DEFAULT_DEADLINE;
    private Completion completion = Completion.ALL;
    private List<Stage> stages = List.of();
    private String queue;

    private Builder(String type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    /** Sets the job id; a random UUID by default. Reusing a recent job's id fails the job. */
    public Builder jobId(String jobId) {
      this.jobId = jobId;
      return this;
    }

    /** Sets the handler's parameters; an empty object by default. */
    public Builder params(JsonNode params) {
      this.params = params;
      return this;
    }

    /** Sets the time the job may take; {@link JobSpec#DEFAULT_DEADLINE} by default. */
    public Builder deadline(Duration deadline) {
      this.deadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    /** Sets when the job is complete: {@link Completion#ALL} (the default), FIRST or take(n). */
    public Builder completion(Completion completion) {
      this.completion = Objects.requireNonNull(completion, "completion");
      return this;
    }

    /** Sets the later stages of a chained job, run in order on this job's task outputs. */
    public Builder stages(List<Stage> stages) {
      if (stages == null || stages.stream().anyMatch(Objects::isNull)) {
        throw new IllegalArgumentException("invalid stages " + stages + ": give a list of "
            + "stages without nulls, or an empty list for a job of one stage");
      }
      this.stages = List.copyOf(stages);
      return this;
    }

    /**
     * Sends the job's own tasks to a task queue, served by workers started with
     * {@code WORKER_QUEUE} set to it, instead of the shared tasks topic. Null, the default,
     * means the shared topic.
     */
    public Builder queue(String queue) {
      this.queue = queue;
      return this;
    }

    public JobSpec build() {
      String id = jobId == null ? JobIds.newJobId() : jobId;
      return new JobSpec(id, type, params, deadline, completion, stages, queue);
    }
  }
}
