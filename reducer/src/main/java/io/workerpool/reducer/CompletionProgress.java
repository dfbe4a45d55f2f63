package io.workerpool.reducer;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.job.CombineException;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.Completion.Mode;
import io.workerpool.protocol.TaskResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a job's completion mode to its successful task results: which outputs reach the
 * combiner, and whether the job is complete before all its tasks ran. The mode is in the job
 * message, which may arrive after the first results, so outputs wait here until it is known.
 */
final class CompletionProgress {

  private Completion completion;
  /** Successful results read before the job message, in the order they were read. */
  private final List<TaskResult> waiting = new ArrayList<>();
  private TaskResult firstSuccess;
  /** Outputs of a TAKE job with a sequence below its count. */
  private long outputsTaken;

  /** Returns the job's completion mode, or null before its job message is read. */
  Completion completion() {
    return completion;
  }

  /**
   * Sets the job's completion mode and combines the outputs that waited for it.
   *
   * @throws CombineException when the combiner rejects a waiting output
   */
  void setCompletion(Completion completion, ResultCombiner combiner) throws CombineException {
    if (this.completion != null) {
      return;
    }
    this.completion = completion;
    for (TaskResult result : waiting) {
      combine(result, combiner);
    }
    waiting.clear();
  }

  /**
   * Adds a successful result, counted once per task.
   *
   * @throws CombineException when the combiner rejects the output
   */
  void add(TaskResult result, ResultCombiner combiner) throws CombineException {
    if (completion == null) {
      waiting.add(result);
    } else {
      combine(result, combiner);
    }
  }

  private void combine(TaskResult result, ResultCombiner combiner) throws CombineException {
    switch (completion.mode()) {
      case ALL -> combiner.add(result.sequence(), result.output());
      case FIRST -> {
        if (firstSuccess == null) {
          firstSuccess = result;
        }
      }
      case TAKE -> {
        // A producer lists no task past the count, so such a result changes nothing.
        if (result.sequence() < completion.count()) {
          combiner.add(result.sequence(), result.output());
          outputsTaken++;
        }
      }
    }
  }

  /**
   * True when the job is complete before all its tasks ran: a FIRST job with one success, a
   * TAKE job with the results of its first {@code count} tasks.
   */
  boolean isComplete() {
    if (completion == null) {
      return false;
    }
    return switch (completion.mode()) {
      case ALL -> false;
      case FIRST -> firstSuccess != null;
      case TAKE -> outputsTaken >= completion.count();
    };
  }

  boolean isFirst() {
    return completion != null && completion.mode() == Mode.FIRST;
  }

  /** Returns the job's result: the first output of a FIRST job, else the combined outputs. */
  JsonNode result(ResultCombiner combiner) {
    return isFirst() ? firstSuccess.output() : combiner.result();
  }

  /** Describes what completed the job, for the COMPLETED cancel. */
  String describeCompletion() {
    if (isFirst()) {
      return "job completed by task " + firstSuccess.taskId()
          + "; the remaining tasks are not needed";
    }
    return "job completed with the results of its first " + completion.count()
        + " tasks; the remaining tasks are not needed";
  }

  /** Returns the task that completed a FIRST job, or null. */
  String completingTaskId() {
    return firstSuccess == null ? null : firstSuccess.taskId();
  }
}
