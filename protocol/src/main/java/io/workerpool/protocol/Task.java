package io.workerpool.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One unit of work, on the tasks topic or on a stage's queue. The producer lists a job's tasks
 * for its first stage. In a chained job, the worker that finishes a task of one stage sends the
 * output on as the task of the next stage, with the same task id and sequence.
 *
 * @param version message version
 * @param jobId the job the task belongs to, also the record key
 * @param taskId the task's id, derived from the job id and sequence by {@link JobIds#taskId}
 * @param sequence the task's position in the producer's listing, from 0
 * @param type the job type; the handler of {@link #stageType()} processes the task
 * @param input the handler's input for this task, for example {@code {"friendId": 23977}}; in a
 *     later stage, the output of the stage before
 * @param deadline the job's deadline; a worker drops a task whose deadline has passed
 * @param submittedAt when the job was submitted, which distinguishes two jobs that share an id;
 *     null from senders that predate this field
 * @param completion the job's completion mode; {@link Completion#ALL} when absent
 * @param stage 0 for the job type's own stage, k for {@code stages.get(k - 1)}; 0 when absent
 * @param stages the job's later stages, empty for a job of one stage
 * @param jobQueue the job's queue, which the job type's own stage uses, or null for the shared
 *     tasks topic
 */
public record Task(
    int version,
    String jobId,
    String taskId,
    long sequence,
    String type,
    JsonNode input,
    Instant deadline,
    Instant submittedAt,
    Completion completion,
    Integer stage,
    List<Stage> stages,
    String jobQueue) {

  public Task {
    JobIds.requireValid(jobId);
    Messages.requireField(taskId, "taskId");
    Messages.requireField(type, "type");
    Messages.requireField(input, "input");
    Messages.requireField(deadline, "deadline");
    completion = Objects.requireNonNullElse(completion, Completion.ALL);
    stages = Messages.copyStages(stages);
    stage = Objects.requireNonNullElse(stage, 0);
    Topics.requireValidQueueOrNull(jobQueue);
    if (stage < 0 || stage > stages.size()) {
      throw new IllegalArgumentException("field 'stage' is " + stage + " but the job has "
          + (stages.size() + 1) + " stages, numbered from 0");
    }
  }

  public static Task of(JobRequest job, long sequence, JsonNode input) {
    return new Task(
        MessageCodec.VERSION,
        job.jobId(),
        JobIds.taskId(job.jobId(), sequence),
        sequence,
        job.type(),
        input,
        job.deadline(),
        job.submittedAt(),
        job.completion(),
        0,
        job.stages(),
        job.queue());
  }

  /** The job type whose handler processes this task: the job's own or its stage's. */
  public String stageType() {
    return stage == 0 ? type : stages.get(stage - 1).type();
  }

  /** This stage's parameters, or null in the job type's own stage (its job's params). */
  public JsonNode stageParams() {
    return stage == 0 ? null : stages.get(stage - 1).params();
  }

  /** Returns the queue this task is sent to, or null for the shared tasks topic. */
  public String queue() {
    return stage == 0 ? jobQueue : stages.get(stage - 1).queue();
  }

  /** True when the task's output is a result of the job rather than the next stage's input. */
  public boolean isLastStage() {
    return stage == stages.size();
  }

  /**
   * Returns the next stage's task, whose input is this task's output.
   *
   * @throws IllegalStateException in the last stage
   */
  public Task next(JsonNode output) {
    if (isLastStage()) {
      throw new IllegalStateException("task " + taskId + " is in the last stage, " + stage);
    }
    return new Task(version, jobId, taskId, sequence, type, output, deadline, submittedAt,
        completion, stage + 1, stages, jobQueue);
  }
}
