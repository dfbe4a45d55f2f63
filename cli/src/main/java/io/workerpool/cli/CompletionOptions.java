package io.workerpool.cli;

import io.workerpool.protocol.Completion;
import picocli.CommandLine.Option;

/** The mutually exclusive options that set a job's completion mode. Without either it is ALL. */
final class CompletionOptions {

  @Option(names = "--first", required = true,
      description = "Complete the job with the output of its first task to succeed, and cancel "
          + "the other tasks; the job fails only when every task failed.")
  boolean first;

  @Option(names = "--take", required = true, paramLabel = "N",
      description = "Complete the job with the outputs of its first N tasks in listing order, "
          + "and list no more; for an endless source such as the repeat job.")
  Long take;

  /**
   * Returns the completion these options select.
   *
   * @throws IllegalArgumentException naming the value when {@code --take} is below 1
   */
  Completion completion() {
    if (take == null) {
      return first ? Completion.FIRST : Completion.ALL;
    }
    if (take < 1) {
      throw new IllegalArgumentException("invalid value " + take + " for option '--take': "
          + "expected at least 1");
    }
    return Completion.take(take);
  }

  /** Returns how a line of output names the completion, or null for ALL. */
  static String describe(Completion completion) {
    return switch (completion.mode()) {
      case ALL -> null;
      case FIRST -> "first success";
      case TAKE -> "take " + completion.count();
    };
  }
}
