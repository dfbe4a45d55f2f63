package io.workerpool.producer;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.core.cancel.CancelRegistry;
import io.workerpool.core.job.InvalidJobException;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.protocol.Cancel;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.Completion.Mode;
import io.workerpool.protocol.InvalidMessageException;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.ListingFinished;
import io.workerpool.protocol.ListingFinished.ListingStatus;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.Topics;
import io.workerpool.protocol.Instants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one job message into tasks. It checks the message and a chained job's stages, then lists
 * the tasks through the job's handler. Listing stops as soon as the job is cancelled or passes
 * its deadline, or a TAKE job has its count of tasks. A job that cannot be listed is cancelled
 * with an error that names the failing step.
 */
final class JobLister {

  private static final Logger log = LoggerFactory.getLogger(JobLister.class);

  private final JobHandlers handlers;
  private final CancelRegistry cancels;
  private final ListingOutput output;
  private final Clock clock;
  private final String origin;
  private final ListingLimits limits;
  private final StageCheck stages;
  private final Map<String, RecentJob> recentJobs = new HashMap<>();

  /** How long after a job's deadline its id stays reserved against reuse. */
  private static final Duration RECENT_JOB_RETENTION = Duration.ofHours(1);

  private record RecentJob(Instant submittedAt, Instant forgetAt) {}

  JobLister(JobHandlers handlers, CancelRegistry cancels, ListingOutput output, Clock clock,
      String origin) {
    this(handlers, cancels, output, clock, origin, ListingLimits.DEFAULT);
  }

  JobLister(JobHandlers handlers, CancelRegistry cancels, ListingOutput output, Clock clock,
      String origin, ListingLimits limits) {
    this(handlers, cancels, output, clock, origin, limits, new StageCheck(handlers,
        new Topics(""), topic -> {
          throw new IllegalStateException("this producer has no cluster to look up " + topic);
        }));
  }

  JobLister(JobHandlers handlers, CancelRegistry cancels, ListingOutput output, Clock clock,
      String origin, ListingLimits limits, StageCheck stages) {
    this.stages = stages;
    this.limits = limits;
    this.handlers = handlers;
    this.cancels = cancels;
    this.output = output;
    this.clock = clock;
    this.origin = origin;
  }

  /**
   * Lists the job in {@code value}, whose record key is {@code key}.
   *
   * @param running false once the process is stopping
   * @return false when listing was abandoned because the process is stopping, so the job
   *     must be listed again by the next producer; true otherwise
   */
  boolean list(String key, byte[] value, BooleanSupplier running) throws InterruptedException {
    return list(key, value, running, null);
  }

  /**
   * Lists the job in {@code value} like {@link #list(String, byte[], BooleanSupplier)}, resuming
   * at the task that {@code checkpoint} names when it belongs to this submission of the job.
   * The handler lists the skipped tasks again, but they are not sent, so task ids, their order
   * and the task limit are those of a listing from the start.
   *
   * @param checkpoint committed with the job record's offset by an earlier producer, or null
   */
  boolean list(String key, byte[] value, BooleanSupplier running, ListingCheckpoint checkpoint)
      throws InterruptedException {
    String tooLarge = value == null ? null : limits.checkJobSize(value.length);
    if (tooLarge != null) {
      rejectOversized(key, tooLarge);
      return true;
    }
    JobRequest job;
    try {
      job = MessageCodec.decode(value, JobRequest.class);
    } catch (InvalidMessageException e) {
      rejectUnreadable(key, e.getMessage());
      return true;
    }
    if (!job.jobId().equals(key)) {
      rejectUnreadable(key, "job id '" + job.jobId()
          + "' differs from the record key '" + key + "': send the job with its id as key");
      return true;
    }
    if (isDuplicate(job)) {
      return true;
    }
    Optional<JobHandler> handler = handlers.find(job.type());
    if (handler.isEmpty()) {
      reject(job.jobId(), job.type(), job.deadline(), handlers.unknownTypeMessage(job.type()));
      return true;
    }
    return list(job, handler.get(), running, resumePoint(job, checkpoint));
  }

  private boolean list(JobRequest job, JobHandler handler, BooleanSupplier running,
      long resumeAt) throws InterruptedException {
    try {
      handler.validate(job.params());
    } catch (InvalidJobException e) {
      reject(job.jobId(), job.type(), job.deadline(), e.getMessage());
      return true;
    }
    Optional<String> invalidStage = stages.check(job);
    if (invalidStage.isPresent()) {
      reject(job.jobId(), job.type(), job.deadline(), invalidStage.get());
      return true;
    }
    String invalidTake = limits.checkTakeCount(job.completion());
    if (invalidTake != null) {
      reject(job.jobId(), job.type(), job.deadline(), invalidTake);
      return true;
    }
    long taskCount = maxTasks(job);
    long[] listed = {0};
    try {
      handler.listTasks(job.params(), input -> {
        if (listed[0] >= taskCount) {
          return false;  // a TAKE job has all the tasks it takes, a FIRST job all it may list
        }
        if (!running.getAsBoolean() || hasEnded(job)) {
          return false;
        }
        if (listed[0] >= limits.maxTasksPerJob()) {
          throw new TooManyTasksException();
        }
        if (listed[0] < resumeAt) {
          listed[0]++;  // an earlier producer stored this task
          return true;
        }
        output.sendTask(Task.of(job, listed[0]++, input));
        return true;
      });
    } catch (InterruptedException e) {
      throw e;
    } catch (TooManyTasksException e) {
      listed[0] = Math.max(listed[0], resumeAt);
      log.warn("Job {} failed after listing {} tasks: {}", job.jobId(), listed[0],
          limits.tooManyTasks());
      failListing(job, Step.LIST, limits.tooManyTasks(), listed[0]);
      return true;
    } catch (InvalidJobException e) {
      listed[0] = Math.max(listed[0], resumeAt);
      log.warn("Rejected job {} after listing {} tasks: {}", job.jobId(), listed[0],
          e.getMessage());
      failListing(job, Step.SUBMIT, e.getMessage(), listed[0]);
      return true;
    } catch (Exception e) {
      listed[0] = Math.max(listed[0], resumeAt);
      String message = "listing the tasks failed after " + listed[0] + " tasks: " + e.getMessage();
      log.warn("Job {} failed: {}", job.jobId(), message, e);
      failListing(job, Step.LIST, message, listed[0]);
      return true;
    }
    if (!running.getAsBoolean()) {
      log.info("Abandoned listing job {} after {} tasks: the producer is stopping", job.jobId(),
          listed[0]);
      return false;
    }
    // A listing that stops before its resume point still leaves the earlier producer's tasks.
    listed[0] = Math.max(listed[0], resumeAt);
    // A TAKE or FIRST job that reached its bound, then had its cancel, was listed in full.
    boolean tookAll = listed[0] >= taskCount;
    ListingStatus status =
        !tookAll && hasEnded(job) ? ListingStatus.STOPPED : ListingStatus.COMPLETE;
    output.sendListingFinished(ListingFinished.of(job.jobId(), job.type(), listed[0], status));
    log.info("Listed {} tasks of job {} ({})", listed[0], job.jobId(), status);
    return true;
  }

  /**
   * Returns how many tasks a job lists before its listing is complete: its count for a TAKE job,
   * the task limit for a FIRST job, and no bound for an ALL job, which fails past the limit.
   * Listing into the producer's buffer is much faster than a task's round trip. So a FIRST job
   * on an endless source usually lists far past its first success before the reducer's cancel
   * arrives, and the limit ends its listing instead of failing the job.
   */
  private long maxTasks(JobRequest job) {
    return switch (job.completion().mode()) {
      case TAKE -> job.completion().count();
      case FIRST -> limits.maxTasksPerJob();
      case ALL -> Long.MAX_VALUE;
    };
  }

  /**
   * Returns the number of tasks to skip because an earlier producer stored them: the checkpoint's
   * count when it belongs to this submission of the job, else 0.
   */
  private long resumePoint(JobRequest job, ListingCheckpoint checkpoint) {
    if (checkpoint == null) {
      return 0;
    }
    if (!checkpoint.isFor(job.jobId(), job.submittedAt())) {
      log.warn("Ignored the listing checkpoint of job {} submitted at {} because the record at "
          + "its offset is job {} submitted at {}; listing that job from its first task",
          checkpoint.jobId(), checkpoint.submittedAt(), job.jobId(), job.submittedAt());
      return 0;
    }
    log.info("Resumed listing job {} at task {}: an earlier producer stored the tasks before it",
        job.jobId(), checkpoint.listed());
    return checkpoint.listed();
  }

  /**
   * Skips a job whose id an earlier, different submission already used; the reducer reports it.
   * The same record read again, after a restart, is not a duplicate.
   * NOTE: this memory is per process, so a producer that restarts lists a duplicate it had seen.
   */
  private boolean isDuplicate(JobRequest job) {
    Instant now = clock.instant();
    recentJobs.values().removeIf(entry -> entry.forgetAt().isBefore(now));
    RecentJob earlier = recentJobs.putIfAbsent(job.jobId(), new RecentJob(job.submittedAt(),
        Instants.plusSaturating(job.deadline(), RECENT_JOB_RETENTION)));
    if (earlier == null || earlier.submittedAt().equals(job.submittedAt())) {
      return false;
    }
    log.warn("Skipped job {}: its id is already used by the job submitted at {}", job.jobId(),
        earlier.submittedAt());
    return true;
  }

  /** Cancels a job whose listing failed and reports the tasks listed before the failure. */
  private void failListing(JobRequest job, Step step, String message, long listed) {
    output.cancel(cancel(job.jobId(), job.deadline(), step, message));
    output.sendListingFinished(
        ListingFinished.of(job.jobId(), job.type(), listed, ListingStatus.FAILED));
  }

  private boolean hasEnded(JobRequest job) {
    return cancels.isCancelled(job.jobId()) || !clock.instant().isBefore(job.deadline());
  }

  private void rejectUnreadable(String key, String message) {
    output.deadLetter(message);
    try {
      JobIds.requireValid(key);
    } catch (IllegalArgumentException e) {
      log.warn("Dropped a job message that has no valid job id as key ({}): {}", e.getMessage(),
          message);
      return;
    }
    reject(key, null, null, message);
  }

  /**
   * Rejects a job message over the size limit without parsing it. The record key names the job;
   * the reducer reads the message itself and publishes the FAILED outcome.
   */
  private void rejectOversized(String key, String message) {
    if (!JobIds.isValid(key)) {
      log.warn("Dropped a job message without a valid job id as key: {}", message);
      return;
    }
    reject(key, null, null, message);
  }

  private void reject(String jobId, String type, Instant deadline, String message) {
    log.warn("Rejected job {}: {}", jobId, message);
    output.cancel(cancel(jobId, deadline, Step.SUBMIT, message));
    output.sendListingFinished(ListingFinished.of(jobId, type, 0, ListingStatus.FAILED));
  }

  private Cancel cancel(String jobId, Instant deadline, Step step, String message) {
    return Cancel.of(jobId, CancelReason.FAILED, JobError.of(step, message), origin,
        clock.instant(), deadline);
  }

  /** Thrown from the task sink when a job lists more tasks than the limit. */
  private static final class TooManyTasksException extends RuntimeException {
    TooManyTasksException() {
      super(null, null, false, false);
    }
  }
}
