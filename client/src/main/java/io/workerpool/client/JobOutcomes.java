package io.workerpool.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobStatus;

/** Turns an outcome into a result or an exception, as Go's {@code errgroup.Wait()} does. */
public final class JobOutcomes {

  private JobOutcomes() {}

  /**
   * Returns the combined result of a {@code SUCCEEDED} outcome.
   *
   * <pre>{@code
   * JsonNode friends = client.submit(spec).thenApply(JobOutcomes::resultOrThrow).join();
   * }</pre>
   *
   * @throws JobFailedException carrying the outcome when its status is {@code FAILED},
   *     {@code CANCELLED} or {@code TIMED_OUT}
   */
  public static JsonNode resultOrThrow(JobOutcome outcome) {
    if (outcome.status() != JobStatus.SUCCEEDED) {
      throw new JobFailedException(outcome);
    }
    return outcome.result();
  }
}
