package io.workerpool.worker;

import io.workerpool.protocol.Task;

/**
 * The prefix that names a chained job's stage in a task's error messages, such as
 * {@code "stage 2 (add): "}. A job of one stage gets no prefix, so its messages stay as before.
 */
final class StageLabel {

  private StageLabel() {}

  /** Returns the prefix for the stage the task is in. */
  static String of(Task task) {
    return of(task.stage(), task);
  }

  /** Returns the prefix for stage {@code stage} of the task's job. */
  static String of(int stage, Task task) {
    if (task.stages().isEmpty()) {
      return "";
    }
    String type = stage == 0 ? task.type() : task.stages().get(stage - 1).type();
    return "stage " + stage + " (" + type + "): ";
  }
}
