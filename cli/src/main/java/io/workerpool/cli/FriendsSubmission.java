package io.workerpool.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.workerpool.core.client.JobClient;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.MessageCodec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Submits a friends job, prints its id on stderr, then waits for its outcome and prints it on
 * stdout as one JSON document.
 */
final class FriendsSubmission {

  /** How long after the deadline a client still waits for the reducer's outcome. */
  static final Duration OUTCOME_GRACE = Duration.ofSeconds(30);

  private FriendsSubmission() {}

  static int submitAndPrint(JobClient client, String jobId, int userId, Duration deadline,
      PrintStream out, PrintStream err) throws InterruptedException {
    JobSubmission submission = new JobSubmission("friends",
        JsonNodeFactory.instance.objectNode().put("userId", userId), Completion.ALL,
        List.of(), "friends of user " + userId);
    return submission.submitAndPrint(client, jobId, deadline, out, err);
  }

  static String prettyJson(JobOutcome outcome) {
    try {
      return MessageCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(outcome);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the outcome of job " + outcome.jobId(), e);
    }
  }
}
