package io.workerpool.protocol;

/** The way a task ended on its worker. */
public enum TaskStatus {
  /** The task ran and returned an output. */
  SUCCEEDED,
  /** The task ran and failed; its worker also cancels the job. */
  FAILED,
  /** The task was dropped before it ran, or aborted while running, because its job ended. */
  SKIPPED
}
