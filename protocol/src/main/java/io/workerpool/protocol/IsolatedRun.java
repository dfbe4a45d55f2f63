package io.workerpool.protocol;

import java.time.Instant;

/**
 * A worker's report that it runs a redelivered task alone, with no other task running in that
 * worker, or that it handed such a task back. A task is delivered again only when its last
 * worker stored no result. So when a second isolated run of a task follows the first with no
 * result in between, the task itself stopped its worker, and the reducer fails its job.
 *
 * @param version message version
 * @param jobId the task's job, also the record key
 * @param taskId the task
 * @param delivery the share group's delivery count of the task record, 2 or more
 * @param workerId the worker that runs the task
 * @param state whether the run starts, or the worker handed the task back without a result
 * @param submittedAt the task's {@link Task#submittedAt()}, or null when it had none
 */
public record IsolatedRun(int version, String jobId, String taskId, int delivery,
    String workerId, RunState state, Instant submittedAt) implements JobEvent {

  public IsolatedRun {
    JobIds.requireValid(jobId);
    Messages.requireField(taskId, "taskId");
    Messages.requireField(state, "state");
  }

  public static IsolatedRun of(Task task, int delivery, String workerId, RunState state) {
    return new IsolatedRun(MessageCodec.VERSION, task.jobId(), task.taskId(), delivery, workerId,
        state, task.submittedAt());
  }

  /** The point of an isolated run that the report marks. */
  public enum RunState {
    /** The worker starts the task; nothing else runs in that worker until it ends. */
    STARTED,
    /** The worker stopped and handed the task back without a result, for another delivery. */
    RELEASED
  }
}
