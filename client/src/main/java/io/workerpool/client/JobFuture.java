package io.workerpool.client;

import io.workerpool.protocol.JobOutcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The future outcome of one submitted job, returned by {@link WorkerPoolClient#submit(JobSpec)}.
 *
 * <p>It completes with the outcome the reducer publishes, whatever its status, or
 * exceptionally when the submission failed, no outcome arrived in time, or the client closed.
 *
 * <p>{@link #cancel(boolean)} cancels the job in every process: the client sends a cancel for
 * it on the cancels topic, so the producer stops listing and workers drop and interrupt its
 * tasks. The flag makes no difference, because no thread of this JVM runs the job. The future is
 * cancelled at once, by the standard semantics, and ignores the {@code CANCELLED} outcome that
 * the reducer publishes later. {@link #cancelSent()} completes once the broker stored the cancel.
 * A future completed in any other way, such as by {@link #orTimeout}, sends no cancel.
 */
public final class JobFuture extends CompletableFuture<JobOutcome> {

  static final String DEFAULT_CANCEL_REASON = "future cancelled";

  private final String jobId;
  private final Runnable onCancel;
  private final CompletableFuture<Void> submitted = new CompletableFuture<>();
  private final CompletableFuture<Void> cancelSent = new CompletableFuture<>();
  private final AtomicBoolean cancelHandled = new AtomicBoolean();
  private volatile String cancelReason = DEFAULT_CANCEL_REASON;

  JobFuture(String jobId, Runnable onCancel) {
    this.jobId = jobId;
    this.onCancel = onCancel;
  }

  /** Returns the id of the job, also when its submission failed. */
  public String jobId() {
    return jobId;
  }

  /** Cancels the job everywhere, see the class comment. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    // CompletableFuture.cancel also returns true when the future was cancelled before.
    if (cancelled && cancelHandled.compareAndSet(false, true)) {
      onCancel.run();
    }
    return cancelled;
  }

  /**
   * Cancels the job everywhere like {@link #cancel(boolean)}, with a reason that the job's
   * {@code CANCELLED} outcome reports as {@code cancelled by client ORIGIN: REASON}.
   */
  public boolean cancel(String reason) {
    if (reason != null && !reason.isBlank()) {
      cancelReason = reason;
    }
    return cancel(true);
  }

  /**
   * Returns a future that completes once the broker stored the job message, and exceptionally
   * with the same exception as this future when the job was not sent or its send failed. A job
   * cancelled before it was sent never is, and this future then fails with a
   * {@link java.util.concurrent.CancellationException} as the cause.
   */
  public CompletableFuture<Void> submitted() {
    return submitted.copy();
  }

  /**
   * Returns a future that completes once the broker stored the cancel of this job, at once when
   * the job was cancelled before it was sent, and exceptionally when the cancel could not be
   * sent. It never completes unless this future was cancelled.
   */
  public CompletableFuture<Void> cancelSent() {
    return cancelSent.copy();
  }

  String cancelReason() {
    return cancelReason;
  }

  CompletableFuture<Void> submittedSignal() {
    return submitted;
  }

  CompletableFuture<Void> cancelSentSignal() {
    return cancelSent;
  }

  /** Returns a plain {@link CompletableFuture} for dependent stages, not a {@code JobFuture}. */
  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }
}
