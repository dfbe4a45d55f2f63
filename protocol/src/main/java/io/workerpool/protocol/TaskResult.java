package io.workerpool.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The result of one task, sent by the worker that took it.
 *
 * @param version message version
 * @param jobId the task's job, also the record key
 * @param taskId the task's id
 * @param sequence the task's position in the listing
 * @param type the job type
 * @param status how the task ended
 * @param output the handler's output, present when {@code status} is SUCCEEDED
 * @param error why the task failed or was skipped, present otherwise
 * @param workerId the worker that sent the result
 * @param submittedAt the task's {@link Task#submittedAt()}, or null when it had none
 */
public record TaskResult(
    int version,
    String jobId,
    String taskId,
    long sequence,
    String type,
    TaskStatus status,
    JsonNode output,
    JobError error,
    String workerId,
    Instant submittedAt)
    implements JobEvent {

  public TaskResult {
    JobIds.requireValid(jobId);
    Messages.requireField(taskId, "taskId");
    Messages.requireField(type, "type");
    Messages.requireField(status, "status");
    if (status == TaskStatus.SUCCEEDED) {
      Messages.requireField(output, "output");
    } else {
      Messages.requireField(error, "error");
    }
  }

  public static TaskResult succeeded(Task task, JsonNode output, String workerId) {
    return new TaskResult(MessageCodec.VERSION, task.jobId(), task.taskId(), task.sequence(),
        task.type(), TaskStatus.SUCCEEDED, output, null, workerId, task.submittedAt());
  }

  public static TaskResult failed(Task task, JobError error, String workerId) {
    return new TaskResult(MessageCodec.VERSION, task.jobId(), task.taskId(), task.sequence(),
        task.type(), TaskStatus.FAILED, null, error, workerId, task.submittedAt());
  }

  public static TaskResult skipped(Task task, JobError reason, String workerId) {
    return new TaskResult(MessageCodec.VERSION, task.jobId(), task.taskId(), task.sequence(),
        task.type(), TaskStatus.SKIPPED, null, reason, workerId, task.submittedAt());
  }
}
