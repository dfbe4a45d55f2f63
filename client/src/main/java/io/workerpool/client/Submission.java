package io.workerpool.client;

import io.workerpool.protocol.Instants;
import io.workerpool.protocol.JobRequest;
import java.time.Duration;
import java.time.Instant;

/**
 * One job on its way through the client: its message, its future and the time after which the
 * client stops waiting for its outcome.
 */
final class Submission {

  private final JobRequest request;
  private final JobFuture future;
  private final Duration outcomeGrace;
  private boolean sent;

  Submission(JobRequest request, JobFuture future, Duration outcomeGrace) {
    this.request = request;
    this.future = future;
    this.outcomeGrace = outcomeGrace;
  }

  JobRequest request() {
    return request;
  }

  String jobId() {
    return request.jobId();
  }

  JobFuture future() {
    return future;
  }

  /** Returns the time after which no outcome is expected any more: deadline plus grace. */
  Instant giveUpAt() {
    return Instants.plusSaturating(request.deadline(), outcomeGrace);
  }

  /** Returns how long after submission the client waits: the job's deadline plus the grace. */
  Duration outcomeTimeout() {
    return Duration.between(request.submittedAt(), request.deadline()).plus(outcomeGrace);
  }

  Duration outcomeGrace() {
    return outcomeGrace;
  }

  /** Tells whether the job message was handed to the producer, so a cancel must be sent. */
  boolean sent() {
    return sent;
  }

  void markSent() {
    sent = true;
  }
}
