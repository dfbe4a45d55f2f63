package io.workerpool.reducer;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.job.CombineException;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.IsolatedRun;
import io.workerpool.protocol.IsolatedRun.RunState;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobProgress;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.ListingFinished;
import io.workerpool.protocol.ListingFinished.ListingStatus;
import io.workerpool.protocol.TaskResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The reducer's state of one unfinished job: its deadline, the listing report, the results
 * counted so far (each task once, however often it is delivered) and the first cancel.
 */
final class JobLedger {

  private final String jobId;
  private final Instant createdAt;
  private final Set<String> countedTasks = new HashSet<>();
  /** The last isolated start of each task that has no result and was not handed back. */
  private final Map<String, IsolatedRun> isolatedRuns = new HashMap<>();
  private String type;
  private Instant deadline;
  private Instant submittedAt;
  private ResultCombiner combiner;
  private final CompletionProgress progress = new CompletionProgress();
  private ListingFinished listing;
  private long completed;
  private long failed;
  private long skipped;
  private JobError firstTaskError;
  private Cancel cancel;
  private Instant cancelSeenAt;
  private boolean owned;
  private boolean jobRecordRead;

  JobLedger(String jobId, Instant createdAt) {
    this.jobId = jobId;
    this.createdAt = createdAt;
  }

  String jobId() {
    return jobId;
  }

  /** Records that the job's own records reach this reducer, not only its cancel. */
  void markOwned() {
    owned = true;
  }

  boolean owned() {
    return owned;
  }

  /** Records that the job's own record was read, readable or not. */
  void markJobRecordRead() {
    jobRecordRead = true;
  }

  boolean jobRecordRead() {
    return jobRecordRead;
  }

  Instant createdAt() {
    return createdAt;
  }

  String type() {
    return type;
  }

  void setType(String type) {
    if (this.type == null) {
      this.type = type;
    }
  }

  Instant deadline() {
    return deadline;
  }

  void setDeadline(Instant deadline) {
    this.deadline = deadline;
  }

  /** Returns when the client sent the job, or null before its job message is read. */
  Instant submittedAt() {
    return submittedAt;
  }

  void setSubmittedAt(Instant submittedAt) {
    this.submittedAt = submittedAt;
  }

  void setCombiner(ResultCombiner combiner) {
    this.combiner = combiner;
  }

  ResultCombiner combiner() {
    return combiner;
  }

  /**
   * Sets the job's completion mode from its job message and combines the outputs read before.
   *
   * @throws CombineException when a waiting output cannot be combined
   */
  void setCompletion(Completion completion) throws CombineException {
    progress.setCompletion(completion, combiner);
  }

  /** Returns how the job completes as far as its results go; see {@link CompletionProgress}. */
  CompletionProgress progress() {
    return progress;
  }

  void setListing(ListingFinished listing) {
    if (this.listing == null) {
      this.listing = listing;
    }
  }

  ListingFinished listing() {
    return listing;
  }

  /**
   * Counts a result once per task id.
   *
   * @return false when the task was counted before
   * @throws CombineException when a successful output cannot be combined
   */
  boolean count(TaskResult result) throws CombineException {
    if (!countedTasks.add(result.taskId())) {
      return false;
    }
    isolatedRuns.remove(result.taskId());
    switch (result.status()) {
      case SUCCEEDED -> {
        completed++;
        if (cancel == null && combiner != null) {
          progress.add(result, combiner);
        }
      }
      case FAILED -> {
        failed++;
        if (firstTaskError == null) {
          firstTaskError = result.error().withOrigin(result.workerId());
        }
      }
      case SKIPPED -> skipped++;
    }
    return true;
  }

  /**
   * Records a worker's report of an isolated run.
   *
   * @return the task's earlier isolated start, when this is a new start and that earlier run
   *     ended with neither a result nor a hand-back. Its worker then stopped while running the
   *     task alone. Otherwise null.
   */
  IsolatedRun recordIsolatedRun(IsolatedRun run) {
    if (countedTasks.contains(run.taskId())) {
      return null;
    }
    if (run.state() == RunState.RELEASED) {
      isolatedRuns.remove(run.taskId());
      return null;
    }
    IsolatedRun earlier = isolatedRuns.put(run.taskId(), run);
    return earlier != null && earlier.delivery() < run.delivery() ? earlier : null;
  }

  JobError firstTaskError() {
    return firstTaskError;
  }

  /**
   * Takes the job's first cancel. A COMPLETED cancel is ignored: the reducer sends it after the
   * job's SUCCEEDED outcome, and a reducer that reads the job's results again completes the job
   * from them the same way.
   */
  void setCancel(Cancel cancel, Instant seenAt) {
    if (cancel.reason() == CancelReason.COMPLETED) {
      return;
    }
    if (this.cancel == null) {
      this.cancel = cancel;
      this.cancelSeenAt = seenAt;
    }
  }

  Cancel cancel() {
    return cancel;
  }

  Instant cancelSeenAt() {
    return cancelSeenAt;
  }

  /** True when the listing is over and every listed task has a result. */
  boolean allTasksReported() {
    return listing != null && completed + failed + skipped >= listing.listed();
  }

  boolean listedCompletely() {
    return listing != null && listing.status() == ListingStatus.COMPLETE;
  }

  long completed() {
    return completed;
  }

  long failed() {
    return failed;
  }

  long skipped() {
    return skipped;
  }

  /** Describes how many listed tasks have no result yet, for logs. */
  String unreportedTasks() {
    if (listing == null) {
      return "the listing report and any";
    }
    return String.valueOf(Math.max(0, listing.listed() - completed - failed - skipped));
  }

  /**
   * Returns the job's counts. Listed tasks without a result count as skipped, because the
   * outcome is published without waiting for them any longer.
   */
  JobStats stats() {
    long listed = listing != null ? listing.listed() : completed + failed + skipped;
    long unreported = Math.max(0, listed - completed - failed - skipped);
    return new JobStats(listed, completed, failed, skipped + unreported);
  }

  /**
   * Returns the job's progress at {@code now}. Until the listing report arrives, the listed
   * count is the number of tasks with a result, because the reducer does not read the tasks
   * topic.
   */
  JobProgress progressRecord(Instant now) {
    long reported = completed + failed + skipped;
    long listed = listing == null ? reported : Math.max(listing.listed(), reported);
    return JobProgress.running(jobId, type, new JobStats(listed, completed, failed, skipped),
        listing != null, submittedAt, deadline, now);
  }

  JsonNode result() {
    return progress.result(combiner);
  }
}
