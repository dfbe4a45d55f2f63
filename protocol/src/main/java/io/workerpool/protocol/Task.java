package io.workerpool.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One unit of work listed by the producer, on the tasks topic.
 *
 * @param version message version
 * @param jobId the job the task belongs to, also the record key
 * @param taskId the task's id, derived from the job id and sequence by {@link JobIds#taskId}
 * @param sequence the task's position in the producer's listing, from 0
 * @param type the job type, which selects the handler that processes the task
 * @param input the handler's input for this task, for example {@code {"friendId": 23977}}
 * @param deadline the job's deadline; a worker drops a task whose deadline has passed
 * @param submittedAt when the job was submitted, which distinguishes two jobs that share an id;
 *     null from senders that predate this field
 */
public record Task(
    int version,
    String jobId,
    String taskId,
    long sequence,
    String type,
    JsonNode input,
    Instant deadline,
    Instant submittedAt) {

  public Task {
    JobIds.requireValid(jobId);
    Messages.requireField(taskId, "taskId");
    Messages.requireField(type, "type");
    Messages.requireField(input, "input");
    Messages.requireField(deadline, "deadline");
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
        job.submittedAt());
  }
}
