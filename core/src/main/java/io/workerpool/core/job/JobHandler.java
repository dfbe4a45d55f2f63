package io.workerpool.core.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.config.Settings;

/**
 * One job type: how the producer lists its tasks, how a worker processes one task and how the
 * reducer combines the results. Implementations are found with {@link java.util.ServiceLoader},
 * so adding a job type means adding a jar, not editing the roles.
 *
 * <p>The roles call one instance from several threads: {@link #processTask} runs concurrently on
 * a worker, so it must be thread-safe. Each job gets its own {@link ResultCombiner}.
 */
public interface JobHandler {

  /** The job type this handler serves, as written in job messages, for example "friends". */
  String type();

  /** Reads the handler's settings once, before any other call. */
  default void configure(Settings settings) {}

  /**
   * Checks a job's parameters before listing starts.
   *
   * @throws InvalidJobException naming the parameter, the value and what is allowed
   */
  void validate(JsonNode params) throws InvalidJobException;

  /**
   * Lists the job's tasks into {@code sink}, in order. Stops early when {@code sink} returns
   * false, because the job was cancelled or passed its deadline.
   *
   * @throws InvalidJobException when the parameters name something that does not exist
   * @throws Exception when listing fails for any other reason; the job fails with its message
   */
  void listTasks(JsonNode params, TaskSink sink) throws Exception;

  /**
   * Processes one task and returns its output. Must stop promptly, throwing
   * {@link InterruptedException}, when the thread is interrupted because the job was cancelled.
   *
   * @throws RetriableTaskException when the task failed for a reason that may pass; the worker
   *     runs it again after a backoff, up to its attempt limit
   * @throws TaskFailedException when the task fails for good; the job is cancelled with the
   *     message
   */
  JsonNode processTask(JsonNode input) throws TaskFailedException, InterruptedException;

  /**
   * Checks this handler's parameters as a later stage of a chained job, before listing starts.
   * The default accepts any.
   *
   * @throws InvalidJobException naming the parameter, the value and what is allowed
   */
  default void validateStage(JsonNode stageParams) throws InvalidJobException {}

  /**
   * Processes one task of a later stage of a chained job: {@code input} is the output of the
   * stage before and {@code stageParams} this stage's parameters. The default runs
   * {@link #processTask} on the input, for handlers that need no parameters as a stage.
   *
   * @throws RetriableTaskException as in {@link #processTask}
   * @throws TaskFailedException as in {@link #processTask}
   */
  default JsonNode processStage(JsonNode input, JsonNode stageParams)
      throws TaskFailedException, InterruptedException {
    return processTask(input);
  }

  /** Describes a task's input for error messages, for example "friend 23977". */
  String describeTask(JsonNode input);

  /** Creates the combiner of one job's results. */
  ResultCombiner newCombiner();
}
