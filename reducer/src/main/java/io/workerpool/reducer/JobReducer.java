package io.workerpool.reducer;

import io.workerpool.core.config.Durations;
import io.workerpool.core.job.CombineException;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.Instants;
import io.workerpool.protocol.InvalidMessageException;
import io.workerpool.protocol.IsolatedRun;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobEvent;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobProgress;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.JobStatus;
import io.workerpool.protocol.ListingFinished;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.TaskResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The reducer's bookkeeping, driven by one thread: it builds each job's result from its task
 * results and publishes exactly one outcome per job.
 *
 * <p>A job succeeds when its listing is complete and every listed task succeeded. A FIRST job
 * succeeds at its first successful task and fails only when every listed task failed; a TAKE
 * job succeeds once its first {@code count} tasks succeeded. When tasks remain, the reducer then
 * sends a COMPLETED cancel so every process stops them. The first
 * cancel of a job decides how it ends instead: FAILED, CANCELLED or TIMED_OUT with the cancel's
 * error. After a cancel the reducer waits until every listed task is reported (skipped tasks
 * included) so the counts are exact, but at most {@code settleTimeout}. Results that arrive after
 * the outcome change nothing.
 */
final class JobReducer {

  private static final Logger log = LoggerFactory.getLogger(JobReducer.class);

  private final JobHandlers handlers;
  private final ReducerOutput output;
  private final Clock clock;
  private final ReducerSettings settings;
  private final String origin;
  private final Map<String, JobLedger> active = new HashMap<>();
  private final Map<String, FinishedJob> finished = new HashMap<>();
  private final Function<String, Optional<Cancel>> knownCancels;
  private final ProgressSchedule progressSchedule;
  private boolean catchingUp;

  /**
   * A finished job, remembered until {@code forgetAt} so its late records change nothing.
   * {@code answered} contains the submission times that got an outcome: the job's own, and those of
   * later submissions that reused its id and were rejected.
   */
  private record FinishedJob(Instant submittedAt, Set<Instant> answered, Instant forgetAt) {}

  /**
   * @param knownCancels the cancels this process read before it created a job's ledger, such as
   *     those read at start
   */
  JobReducer(JobHandlers handlers, ReducerOutput output, Clock clock, ReducerSettings settings,
      String origin, Function<String, Optional<Cancel>> knownCancels) {
    this.handlers = handlers;
    this.output = output;
    this.clock = clock;
    this.settings = settings;
    this.origin = origin;
    this.knownCancels = knownCancels;
    this.progressSchedule = new ProgressSchedule(settings.progressInterval());
  }

  /**
   * Remembers that a job already has an outcome, published by this or an earlier reducer, so
   * reading the job's records again publishes no second one.
   *
   * @param submittedAt the submission the outcome is for; null when its job message was
   *     unreadable
   */
  void rememberOutcome(String jobId, Instant submittedAt) {
    active.remove(jobId);
    progressSchedule.forget(jobId);
    Instant forgetAt = Instants.plusSaturating(clock.instant(), settings.finishedRetention());
    FinishedJob job = finished.computeIfAbsent(jobId,
        id -> new FinishedJob(submittedAt, new HashSet<>(), forgetAt));
    if (submittedAt != null) {
      job.answered().add(submittedAt);
    }
  }

  /**
   * Tells whether the reducer is reading records it read before, after a restart or when it
   * took over partitions. Meanwhile it times out no job, because a job's later records, read
   * next, may show that it finished before its deadline. It publishes no progress either, so
   * readers never see a job's counts fall back while its records are read again.
   */
  void setCatchingUp(boolean catchingUp) {
    this.catchingUp = catchingUp;
  }

  /** Forgets an unfinished job whose records another reducer reads from now on. */
  void forget(String jobId) {
    active.remove(jobId);
    progressSchedule.forget(jobId);
  }

  /** Tells whether a job has state here that its outcome still needs. */
  boolean isActive(String jobId) {
    JobLedger ledger = active.get(jobId);
    return ledger != null && ledger.owned();
  }

  /** Reads a record of the jobs topic. */
  void onJobRecord(String key, byte[] value) {
    JobRequest job = decodeJob(value);
    if (job == null || !job.jobId().equals(key)) {
      // The producer rejects the job with the reason; until then it gets a short deadline.
      ledger(key).ifPresent(ledger -> {
        ledger.markJobRecordRead();
        ledger.setDeadline(clock.instant().plus(settings.settleTimeout()));
        maybeFinish(ledger);
      });
      return;
    }
    if (rejectDuplicate(job)) {
      return;
    }
    ledger(job.jobId()).ifPresent(ledger -> {
      ledger.markJobRecordRead();
      ledger.setDeadline(job.deadline());
      ledger.setSubmittedAt(job.submittedAt());
      prepareCombiner(ledger, job.type());
      setCompletion(ledger, job);
      progressSchedule.jobRecordRead(ledger.jobId());
      maybeFinish(ledger);
      publishProgressIfDue(ledger);
    });
  }

  private void setCompletion(JobLedger ledger, JobRequest job) {
    try {
      ledger.setCompletion(job.completion());
    } catch (CombineException e) {
      cancelForReduceError(ledger, "combining the results read before the job message failed: "
          + e.getMessage());
    }
  }

  private static JobRequest decodeJob(byte[] value) {
    try {
      return MessageCodec.decode(value, JobRequest.class);
    } catch (InvalidMessageException e) {
      return null;
    }
  }

  /**
   * Fails a second submission that reuses the id of another job, active or finished, without
   * touching that job. The outcome carries the second submission's time, so only its own client
   * takes it.
   */
  private boolean rejectDuplicate(JobRequest job) {
    FinishedJob done = finished.get(job.jobId());
    if (done != null && done.answered().contains(job.submittedAt())) {
      return true;
    }
    if (done != null && done.submittedAt() == null) {
      // An unreadable job message, or records of no job, ended with this id; its cancel stays.
      reject(job, "job id '" + job.jobId() + "' is already used by an earlier record that "
          + "failed without a readable job message (see its outcome): submit with another "
          + "job id");
      return true;
    }
    Instant earlier = null;
    if (done != null) {
      earlier = done.submittedAt();
    } else if (active.containsKey(job.jobId())) {
      earlier = active.get(job.jobId()).submittedAt();
    }
    if (earlier == null || earlier.equals(job.submittedAt())) {
      return false;
    }
    reject(job, "job id '" + job.jobId() + "' is already used by the job submitted at "
        + earlier + ": submit with another job id");
    return true;
  }

  private void reject(JobRequest job, String message) {
    log.warn("Rejected a second job with id {}: {}", job.jobId(), message);
    // No progress record, because it would hide the progress of the job that uses the id.
    output.publishOutcome(new JobOutcome(MessageCodec.VERSION, job.jobId(), job.type(),
        JobStatus.FAILED, null, JobError.of(Step.SUBMIT, message), new JobStats(0, 0, 0, 0),
        job.submittedAt(), clock.instant()), null);
    if (finished.containsKey(job.jobId())) {
      finished.get(job.jobId()).answered().add(job.submittedAt());
    }
  }

  /**
   * Reads a record of the results topic.
   *
   * @return the reason the record is unreadable, or null when it was read
   */
  String onResultRecord(String key, byte[] value) {
    JobEvent event;
    try {
      event = MessageCodec.decode(value, JobEvent.class);
    } catch (InvalidMessageException e) {
      return e.getMessage();
    }
    ledger(event.jobId()).ifPresent(ledger -> {
      if (event instanceof TaskResult result) {
        count(ledger, result);
      } else if (event instanceof ListingFinished listing) {
        prepareCombiner(ledger, listing.type());
        ledger.setListing(listing);
      } else if (event instanceof IsolatedRun run) {
        checkIsolatedRun(ledger, run);
      }
      if (ledger.submittedAt() != null) {
        progressSchedule.changed(ledger.jobId());
      }
      maybeFinish(ledger);
      publishProgressIfDue(ledger);
    });
    return null;
  }

  /**
   * Fails the job named by the key of an unreadable results record: one of its reports is lost,
   * so it cannot succeed. A key that is not a job id names no job, and is only logged.
   *
   * @param where the record's topic, partition and offset
   */
  void onUnreadableResult(String key, String where, String reason) {
    if (key == null) {
      log.warn("Unreadable record at {} has no key, so no job fails: {}", where, reason);
      return;
    }
    ledger(key).ifPresent(ledger -> {
      if (ledger.cancel() == null) {
        cancelForReduceError(ledger, "the results record at " + where + " is unreadable and "
            + "was copied to the dead-letters topic: " + reason);
      }
      maybeFinish(ledger);
    });
  }

  /**
   * Takes a job's cancel. Only the first cancel of a job counts. Every reducer reads every
   * cancel, so a cancel alone does not make a job this reducer's. It is kept until the job's own
   * records arrive here, or forgotten after the orphan timeout.
   */
  void onCancel(Cancel cancel) {
    ledgerFor(cancel.jobId()).ifPresent(ledger -> {
      ledger.setCancel(cancel, clock.instant());
      maybeFinish(ledger);
    });
  }

  /** Times out jobs past their deadline and ends cancelled jobs that waited long enough. */
  void checkTimers() {
    Instant now = clock.instant();
    for (JobLedger ledger : new ArrayList<>(active.values())) {
      boolean orphaned = now.isAfter(ledger.createdAt().plus(settings.orphanTimeout()));
      if (ledger.cancel() == null && ledger.deadline() != null
          && !now.isBefore(ledger.deadline()) && !catchingUp) {
        cancelForDeadline(ledger);
        maybeFinish(ledger);
      } else if (orphaned && !ledger.owned()) {
        forget(ledger.jobId());
      } else if (orphaned && ledger.deadline() == null && ledger.cancel() == null) {
        log.warn("Forgetting job {}: its results reached this reducer but its job message did "
            + "not within {}; a reducer that stopped may have read it", ledger.jobId(),
            Durations.format(settings.orphanTimeout()));
        forget(ledger.jobId());
      } else {
        maybeFinish(ledger);
      }
    }
    finished.values().removeIf(job -> job.forgetAt().isBefore(now));
    publishDueProgress();
  }

  /**
   * Publishes one job's progress when it changed and its last record is at least the progress
   * interval old. A finished job is no longer in the schedule, so it gets none here.
   */
  private void publishProgressIfDue(JobLedger ledger) {
    Instant now = clock.instant();
    if (catchingUp || ledger.submittedAt() == null) {
      return;
    }
    if (progressSchedule.takeIfDue(ledger.jobId(), now)) {
      output.publishProgress(ledger.progressRecord(now));
    }
  }

  /**
   * Publishes the progress of the running jobs that changed and whose last record is at least
   * the progress interval old. While catching up it publishes none, so the changes stay due.
   */
  private void publishDueProgress() {
    if (catchingUp) {
      return;
    }
    Instant now = clock.instant();
    for (String jobId : progressSchedule.takeDue(now)) {
      JobLedger ledger = active.get(jobId);
      if (ledger != null && ledger.submittedAt() != null) {
        output.publishProgress(ledger.progressRecord(now));
      }
    }
  }

  /** Returns how many jobs have a ledger; call from the reducer's thread only. */
  int activeJobs() {
    return active.size();
  }

  /** Returns the ledger of a job whose own records reach this reducer. */
  private Optional<JobLedger> ledger(String jobId) {
    Optional<JobLedger> ledger = ledgerFor(jobId);
    ledger.ifPresent(JobLedger::markOwned);
    return ledger;
  }

  private Optional<JobLedger> ledgerFor(String jobId) {
    if (finished.containsKey(jobId)) {
      return Optional.empty();
    }
    try {
      JobIds.requireValid(jobId);
    } catch (IllegalArgumentException e) {
      log.warn("Ignoring a record without a valid job id as key: {}", e.getMessage());
      return Optional.empty();
    }
    JobLedger ledger = active.get(jobId);
    if (ledger == null) {
      ledger = new JobLedger(jobId, clock.instant());
      active.put(jobId, ledger);
      JobLedger created = ledger;
      knownCancels.apply(jobId).ifPresent(cancel -> created.setCancel(cancel, clock.instant()));
    }
    return Optional.of(ledger);
  }

  private void prepareCombiner(JobLedger ledger, String type) {
    if (type == null || ledger.combiner() != null) {
      return;
    }
    ledger.setType(type);
    Optional<JobHandler> handler = handlers.find(type);
    if (handler.isPresent()) {
      ledger.setCombiner(handler.get().newCombiner());
    }
  }

  private void count(JobLedger ledger, TaskResult result) {
    if (result.submittedAt() != null && ledger.submittedAt() != null
        && !result.submittedAt().equals(ledger.submittedAt())) {
      log.warn("Ignoring result of task {} from another job submitted at {} with the same id",
          result.taskId(), result.submittedAt());
      return;
    }
    prepareCombiner(ledger, result.type());
    if (result.status() == io.workerpool.protocol.TaskStatus.SUCCEEDED
        && ledger.combiner() == null && ledger.cancel() == null) {
      cancelForReduceError(ledger, handlers.unknownTypeMessage(result.type()));
    }
    try {
      ledger.count(result);
    } catch (CombineException e) {
      cancelForReduceError(ledger, "combining the result of task " + result.taskId()
          + " failed: " + e.getMessage());
    }
  }

  /**
   * Fails the job when a task started alone again after an isolated run that ended without a
   * result: that task stopped its worker, and would stop the next one too. The cancel names the
   * task, so the worker that receives it next parks it instead of running it.
   */
  private void checkIsolatedRun(JobLedger ledger, IsolatedRun run) {
    if (run.submittedAt() != null && ledger.submittedAt() != null
        && !run.submittedAt().equals(ledger.submittedAt())) {
      return;
    }
    IsolatedRun stopped = ledger.recordIsolatedRun(run);
    if (stopped == null || ledger.cancel() != null) {
      return;
    }
    String message = "task " + run.taskId() + " stopped worker " + stopped.workerId()
        + " while it ran alone (delivery " + stopped.delivery() + ") before storing a result, "
        + "so its next delivery is parked in the dead-letters topic instead of running again";
    log.warn("Failing job {}: {}", ledger.jobId(), message);
    cancel(ledger, CancelReason.FAILED, new JobError(Step.TASK, message, run.taskId()));
  }

  private void cancelForReduceError(JobLedger ledger, String message) {
    cancel(ledger, CancelReason.FAILED, JobError.of(Step.REDUCE, message));
  }

  private void cancelForDeadline(JobLedger ledger) {
    Duration allowed = Duration.between(ledger.createdAt(), ledger.deadline());
    String message = "deadline " + ledger.deadline() + " passed with " + ledger.completed()
        + (ledger.listing() == null
            ? " tasks completed, while the producer was still listing the job's tasks"
            : " of " + ledger.listing().listed() + " tasks completed");
    log.info("Job {} timed out ({} after the reducer saw it)", ledger.jobId(),
        Durations.format(allowed.isNegative() ? Duration.ZERO : allowed));
    cancel(ledger, CancelReason.DEADLINE, JobError.of(Step.DEADLINE, message));
  }

  private void cancel(JobLedger ledger, CancelReason reason, JobError error) {
    Cancel cancel = Cancel.of(ledger.jobId(), reason, error, origin, clock.instant(),
        ledger.deadline());
    ledger.setCancel(cancel, clock.instant());
    output.cancel(cancel);
  }

  private void maybeFinish(JobLedger ledger) {
    if (!ledger.owned()) {
      return;
    }
    Cancel cancel = ledger.cancel();
    if (cancel != null) {
      // The outcome's error names who cancelled, such as the client or the failing worker.
      JobError error = cancel.error().withOrigin(cancel.origin());
      if (ledger.allTasksReported() && ledger.jobRecordRead()) {
        finish(ledger, cancel.reason().outcomeStatus(), error);
      } else if (!clock.instant().isBefore(ledger.cancelSeenAt().plus(settings.settleTimeout()))) {
        log.info("Job {} ends without {} task reports after waiting {} since its cancel",
            ledger.jobId(), ledger.unreportedTasks(), Durations.format(settings.settleTimeout()));
        finish(ledger, cancel.reason().outcomeStatus(), error);
      }
      return;
    }
    // Without its job message a job could end twice: once now, and again as a reused id when
    // the message arrives. It is on the same partition, so it comes.
    if (ledger.submittedAt() == null) {
      return;
    }
    if (ledger.progress().isComplete()) {
      complete(ledger);
      return;
    }
    if (!ledger.allTasksReported()) {
      return;
    }
    if (ledger.progress().isFirst()) {
      maybeFailFirst(ledger);
    } else if (ledger.failed() > 0) {
      finish(ledger, JobStatus.FAILED, ledger.firstTaskError());
    } else if (ledger.listedCompletely() && ledger.combiner() != null && ledger.skipped() == 0) {
      finish(ledger, JobStatus.SUCCEEDED, null);
    }
    // Otherwise a task was skipped: its cause, a cancel or the deadline, ends the job.
  }

  /**
   * Publishes the SUCCEEDED outcome of a FIRST or TAKE job that has the results it needs, then
   * cancels its remaining tasks everywhere with a COMPLETED cancel, unless none remain.
   */
  private void complete(JobLedger ledger) {
    boolean tasksRemain = !ledger.allTasksReported();
    CompletionProgress progress = ledger.progress();
    Instant deadline = ledger.deadline();
    finish(ledger, JobStatus.SUCCEEDED, null);
    if (tasksRemain) {
      JobError error = new JobError(Step.COMPLETE, progress.describeCompletion(),
          progress.completingTaskId());
      output.cancel(Cancel.of(ledger.jobId(), CancelReason.COMPLETED, error, origin,
          clock.instant(), deadline));
    }
  }

  /**
   * Fails a FIRST job, whose task failures cancel nothing, once its listing is complete and
   * every listed task failed. A job with a skipped task waits for the cancel or deadline that
   * skipped it.
   */
  private void maybeFailFirst(JobLedger ledger) {
    if (!ledger.listedCompletely() || ledger.skipped() > 0) {
      return;
    }
    long listed = ledger.listing().listed();
    if (listed == 0) {
      finish(ledger, JobStatus.FAILED, JobError.of(Step.LIST, "the job listed no tasks, so "
          + "none could complete it: completion FIRST needs at least one task"));
      return;
    }
    JobError first = ledger.firstTaskError();
    finish(ledger, JobStatus.FAILED, new JobError(first.step(), "all " + listed
        + " tasks failed, so none completed the FIRST job; the first error: " + first.message(),
        first.taskId(), first.origin()));
  }

  private void finish(JobLedger ledger, JobStatus status, JobError error) {
    JobOutcome outcome = new JobOutcome(MessageCodec.VERSION, ledger.jobId(), ledger.type(),
        status, status == JobStatus.SUCCEEDED ? ledger.result() : null, error, ledger.stats(),
        ledger.submittedAt(), clock.instant());
    forget(ledger.jobId());
    Instant base = ledger.deadline() == null ? clock.instant() : ledger.deadline();
    finished.put(ledger.jobId(), new FinishedJob(ledger.submittedAt(),
        ledger.submittedAt() == null ? new HashSet<>() : new HashSet<>(Set.of(ledger.submittedAt())),
        Instants.plusSaturating(max(base, clock.instant()), settings.finishedRetention())));
    MDC.put("jobId", ledger.jobId());
    try {
      log.info("Job {} {}: {}", ledger.jobId(), status, outcome.stats());
    } finally {
      MDC.remove("jobId");
    }
    Instant deadline = ledger.submittedAt() == null ? null : ledger.deadline();
    output.publishOutcome(outcome,
        JobProgress.finished(outcome, ledger.listing() != null, deadline));
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** Returns the ids of jobs that have a ledger, for tests. */
  List<String> activeJobIds() {
    return List.copyOf(active.keySet());
  }
}
