package io.workerpool.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * When a job is complete, chosen by the client per job.
 *
 * @param mode the completion mode
 * @param count how many results a {@link Mode#TAKE} job takes; null for the other modes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Completion(Mode mode, Long count) {

  /** Every task must succeed; the first failure cancels the job. The default. */
  public static final Completion ALL = new Completion(Mode.ALL, null);

  /** The first task to succeed completes the job; the others are cancelled. */
  public static final Completion FIRST = new Completion(Mode.FIRST, null);

  public Completion {
    Messages.requireField(mode, "mode");
    if (mode == Mode.TAKE && (count == null || count < 1)) {
      throw new IllegalArgumentException("completion TAKE needs a field 'count' of at least 1, "
          + "got " + count);
    }
    if (mode != Mode.TAKE && count != null) {
      throw new IllegalArgumentException("field 'count' is only allowed with completion TAKE, "
          + "got it with " + mode);
    }
  }

  /** Returns the completion of a job that ends with its first {@code count} results in order. */
  public static Completion take(long count) {
    return new Completion(Mode.TAKE, count);
  }

  /** The completion mode of a job. */
  public enum Mode {
    /** Every task must succeed; the first failure cancels the job (Go's errgroup). */
    ALL,
    /**
     * The first task to succeed completes the job, and its output is the result. The reducer
     * then cancels the other tasks. The job fails only when every listed task failed (Go's
     * or-channel).
     */
    FIRST,
    /**
     * The job completes with the first {@code count} results in the producer's order and the
     * rest is cancelled; the producer lists no more than {@code count} tasks, so its source may
     * be endless (Go's take).
     */
    TAKE
  }
}
