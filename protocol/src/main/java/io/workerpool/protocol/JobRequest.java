package io.workerpool.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A job submitted by a client, on the jobs topic.
 *
 * @param version message version, always {@link MessageCodec#VERSION} when written by this build
 * @param jobId the job's id, also the record key
 * @param type the job type, which selects the handler, for example {@code friends}
 * @param params the handler's parameters, for example {@code {"userId": 0}}
 * @param submittedAt when the client sent the job
 * @param deadline when the job times out if it has not finished
 * @param completion when the job is complete, {@link Completion#ALL} when absent
 * @param stages the later stages of a chained job, run in order on the outputs of the job
 *     type's own tasks, or empty for a job of one stage
 * @param queue the task queue of the job type's own tasks, so that workers started for that
 *     queue serve them ahead of the shared tasks topic's backlog, or null for the shared topic
 */
public record JobRequest(
    int version,
    String jobId,
    String type,
    JsonNode params,
    Instant submittedAt,
    Instant deadline,
    Completion completion,
    List<Stage> stages,
    String queue) {

  public JobRequest {
    JobIds.requireValid(jobId);
    Messages.requireField(type, "type");
    Messages.requireField(submittedAt, "submittedAt");
    Messages.requireField(deadline, "deadline");
    params = Objects.requireNonNullElseGet(params, JsonNodeFactory.instance::objectNode);
    completion = Objects.requireNonNullElse(completion, Completion.ALL);
    stages = Messages.copyStages(stages);
    Topics.requireValidQueueOrNull(queue);
  }

  public static JobRequest of(
      String jobId, String type, JsonNode params, Instant submittedAt, Instant deadline) {
    return new JobRequest(MessageCodec.VERSION, jobId, type, params, submittedAt, deadline,
        Completion.ALL, List.of(), null);
  }

  /** Returns this job with another completion mode. */
  public JobRequest withCompletion(Completion completion) {
    return new JobRequest(version, jobId, type, params, submittedAt, deadline, completion, stages,
        queue);
  }

  /** Returns this job with these later stages. */
  public JobRequest withStages(List<Stage> stages) {
    return new JobRequest(version, jobId, type, params, submittedAt, deadline, completion, stages,
        queue);
  }

  /** Returns this job with its own tasks on {@code queue}, or on the shared topic when null. */
  public JobRequest withQueue(String queue) {
    return new JobRequest(version, jobId, type, params, submittedAt, deadline, completion, stages,
        queue);
  }
}
