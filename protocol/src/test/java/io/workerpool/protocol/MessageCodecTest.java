package io.workerpool.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.ListingFinished.ListingStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

  private static final Instant SUBMITTED = Instant.parse("2026-12-04T10:00:00Z");
  private static final Instant DEADLINE = Instant.parse("2026-12-04T10:00:30Z");

  private static JobRequest friendsJob(String jobId, int userId) {
    ObjectNode params = JsonNodeFactory.instance.objectNode().put("userId", userId);
    return JobRequest.of(jobId, "friends", params, SUBMITTED, DEADLINE);
  }

  @Test
  void jobRequestSurvivesRoundTrip() {
    JobRequest job = friendsJob("job-1", 0);

    JobRequest read = MessageCodec.decode(MessageCodec.encode(job), JobRequest.class);

    assertThat(read).isEqualTo(job);
  }

  @Test
  void chainedTakeJobSurvivesRoundTrip() {
    JobRequest job = friendsJob("job-1", 0)
        .withCompletion(Completion.take(10))
        .withStages(java.util.List.of(
            Stage.of("multiply", JsonNodeFactory.instance.objectNode().put("by", 2)),
            new Stage("add", JsonNodeFactory.instance.objectNode().put("amount", 1), "adders")));

    JobRequest read = MessageCodec.decode(MessageCodec.encode(job), JobRequest.class);

    assertThat(read).isEqualTo(job);
    assertThat(read.completion().count()).isEqualTo(10);
  }

  @Test
  void jobDefaultsToAllInOneStage() {
    String json = "{\"version\":1,\"jobId\":\"job-1\",\"type\":\"friends\","
        + "\"submittedAt\":\"2026-12-04T10:00:00Z\",\"deadline\":\"2026-12-04T10:01:00Z\"}";

    JobRequest read = MessageCodec.decode(json.getBytes(UTF_8), JobRequest.class);

    assertThat(read.completion()).isEqualTo(Completion.ALL);
    assertThat(read.stages()).isEmpty();
  }

  @Test
  void takeWithoutCountIsRejectedNamingTheField() {
    String json = "{\"version\":1,\"jobId\":\"job-1\",\"type\":\"friends\","
        + "\"submittedAt\":\"2026-12-04T10:00:00Z\",\"deadline\":\"2026-12-04T10:01:00Z\","
        + "\"completion\":{\"mode\":\"TAKE\"}}";

    assertThatThrownBy(() -> MessageCodec.decode(json.getBytes(UTF_8), JobRequest.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("'count'");
  }

  @Test
  void nullStageIsRejectedNamingItsIndex() {
    String json = "{\"version\":1,\"jobId\":\"job-1\",\"type\":\"repeat\","
        + "\"submittedAt\":\"2026-12-04T10:00:00Z\",\"deadline\":\"2026-12-04T10:01:00Z\","
        + "\"stages\":[{\"type\":\"add\"},null]}";

    assertThatThrownBy(() -> MessageCodec.decode(json.getBytes(UTF_8), JobRequest.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("field 'stages' has null at index 1")
        .hasMessageContaining("{\"type\": \"add\"");
  }

  @Test
  void unknownCompletionModeIsRejectedNamingTheValue() {
    String json = "{\"version\":1,\"jobId\":\"job-1\",\"type\":\"friends\","
        + "\"submittedAt\":\"2026-12-04T10:00:00Z\",\"deadline\":\"2026-12-04T10:01:00Z\","
        + "\"completion\":{\"mode\":\"SOME\"}}";

    assertThatThrownBy(() -> MessageCodec.decode(json.getBytes(UTF_8), JobRequest.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("'SOME'")
        .hasMessageContaining("'completion.mode'")
        .hasMessageContaining("[ALL, FIRST, TAKE]");
  }

  @Test
  void nextStageTaskKeepsTaskId() {
    JobRequest job = friendsJob("job-1", 0).withStages(java.util.List.of(
        new Stage("multiply", JsonNodeFactory.instance.objectNode().put("by", 2), "multipliers")));
    Task first = Task.of(job, 3, JsonNodeFactory.instance.numberNode(4));

    Task second = first.next(JsonNodeFactory.instance.numberNode(5));

    assertThat(first.isLastStage()).isFalse();
    assertThat(first.stageType()).isEqualTo("friends");
    assertThat(second.taskId()).isEqualTo(first.taskId());
    assertThat(second.stage()).isEqualTo(1);
    assertThat(second.stageType()).isEqualTo("multiply");
    assertThat(second.queue()).isEqualTo("multipliers");
    assertThat(second.input().intValue()).isEqualTo(5);
    assertThat(second.isLastStage()).isTrue();
    assertThat(MessageCodec.decode(MessageCodec.encode(second), Task.class)).isEqualTo(second);
  }

  @Test
  void queuedJobTaskKeepsQueueThroughStages() {
    JobRequest job = friendsJob("job-1", 0).withQueue("interactive").withStages(
        java.util.List.of(Stage.of("multiply", JsonNodeFactory.instance.objectNode())));
    Task first = Task.of(job, 0, JsonNodeFactory.instance.numberNode(4));

    Task second = first.next(JsonNodeFactory.instance.numberNode(5));

    assertThat(MessageCodec.decode(MessageCodec.encode(job), JobRequest.class)).isEqualTo(job);
    assertThat(first.queue()).isEqualTo("interactive");
    assertThat(second.queue()).isNull();
    assertThat(second.jobQueue()).isEqualTo("interactive");
    assertThat(MessageCodec.decode(MessageCodec.encode(first), Task.class)).isEqualTo(first);
  }

  @Test
  void invalidJobQueueIsRejectedNamingIt() {
    String json = "{\"version\":1,\"jobId\":\"job-1\",\"type\":\"friends\","
        + "\"submittedAt\":\"2026-12-04T10:00:00Z\",\"deadline\":\"2026-12-04T10:01:00Z\","
        + "\"queue\":\"no spaces\"}";

    assertThatThrownBy(() -> MessageCodec.decode(json.getBytes(UTF_8),
        JobRequest.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("invalid queue name 'no spaces'");
  }

  @Test
  void takeCountThatIsNotWholeIsRejected() {
    for (String count : new String[] {"2.5", "\"3\""}) {
      String json = "{\"version\":1,\"jobId\":\"job-1\",\"type\":\"repeat\","
          + "\"submittedAt\":\"2026-12-04T10:00:00Z\",\"deadline\":\"2026-12-04T10:01:00Z\","
          + "\"completion\":{\"mode\":\"TAKE\",\"count\":" + count + "}}";

      assertThatThrownBy(() -> MessageCodec.decode(json.getBytes(UTF_8), JobRequest.class))
          .as("count %s", count)
          .isInstanceOf(InvalidMessageException.class)
          .hasMessageContaining("count");
    }
  }

  @Test
  void wrongShapeIsNamedInJsonTerms() {
    String json = "{\"version\":1,\"jobId\":\"job-1\",\"type\":\"repeat\","
        + "\"submittedAt\":\"2026-12-04T10:00:00Z\",\"deadline\":\"2026-12-04T10:01:00Z\","
        + "\"completion\":\"TAKE\",\"stages\":{}}";

    assertThatThrownBy(() -> MessageCodec.decode(json.getBytes(UTF_8), JobRequest.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("field 'completion' (expected a JSON object)");
  }

  @Test
  void stageParamsThatAreNotObjectAreRejected() {
    assertThatThrownBy(() -> new Stage("add", JsonNodeFactory.instance.arrayNode().add(1), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'params' of stage 'add' is [1]");
  }

  @Test
  void invalidQueueNameIsNamed() {
    assertThatThrownBy(() -> new Stage("add", null, "no spaces"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'no spaces'");
  }

  @Test
  void jobRequestJsonHasVersion() {
    String json = new String(MessageCodec.encode(friendsJob("job-1", 7)), UTF_8);

    assertThat(json).contains("\"version\":1");
    assertThat(json).contains("\"deadline\":\"2026-12-04T10:00:30Z\"");
    assertThat(json).contains("\"params\":{\"userId\":7}");
  }

  @Test
  void jobEventsKeepTheirKind() {
    Task task = Task.of(friendsJob("job-1", 0), 3, JsonNodeFactory.instance.objectNode());
    JobEvent result = TaskResult.succeeded(task, JsonNodeFactory.instance.textNode("x"), "w1");
    JobEvent listing = ListingFinished.of("job-1", "friends", 4, ListingStatus.COMPLETE);

    assertThat(MessageCodec.decode(MessageCodec.encode(result), JobEvent.class)).isEqualTo(result);
    assertThat(MessageCodec.decode(MessageCodec.encode(listing), JobEvent.class))
        .isEqualTo(listing);
  }

  @Test
  void missingNumberFieldIsNamed() {
    String json = "{\"version\":1,\"jobId\":\"job-1\",\"taskId\":\"job-1#0\","
        + "\"type\":\"friends\",\"input\":{},\"deadline\":\"2026-12-04T10:01:00Z\"}";

    assertThatThrownBy(() -> MessageCodec.decode(
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Task.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("invalid Task message")
        .hasMessageContaining("field 'sequence'");
  }

  @Test
  void isolatedRunKeepsItsKind() {
    Task task = Task.of(friendsJob("job-1", 0), 3, JsonNodeFactory.instance.objectNode());
    JobEvent run = IsolatedRun.of(task, 2, "w1", IsolatedRun.RunState.STARTED);

    String json = new String(MessageCodec.encode(run), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(json).contains("\"kind\":\"isolated-run\"");
    assertThat(MessageCodec.decode(MessageCodec.encode(run), JobEvent.class)).isEqualTo(run);
  }

  @Test
  void taskIdsAreDeterministic() {
    Task first = Task.of(friendsJob("job-1", 0), 3, JsonNodeFactory.instance.objectNode());
    Task again = Task.of(friendsJob("job-1", 0), 3, JsonNodeFactory.instance.objectNode());

    assertThat(first.taskId()).isEqualTo(again.taskId()).isEqualTo("job-1#3");
  }

  @Test
  void cancelSurvivesRoundTrip() {
    Cancel cancel = Cancel.of("job-1", CancelReason.FAILED,
        new JobError(Step.TASK, "profile not found", "job-1#3"), "worker-1", SUBMITTED, DEADLINE);

    assertThat(MessageCodec.decode(MessageCodec.encode(cancel), Cancel.class)).isEqualTo(cancel);
  }

  @Test
  void errorOriginSurvivesRoundTrip() {
    JobError error = new JobError(Step.CLIENT, "cancelled by client c: wrong user", null,
        "client-laptop-977");

    JobError decoded = MessageCodec.decode(MessageCodec.encode(
        Cancel.of("job-1", CancelReason.CLIENT, error, "client-laptop-977", SUBMITTED, null)),
        Cancel.class).error();

    assertThat(decoded.origin()).isEqualTo("client-laptop-977");
  }

  @Test
  void errorWithoutOriginReadsAsNull() {
    byte[] json = ("{\"version\":1,\"jobId\":\"j\",\"reason\":\"CLIENT\",\"error\":"
        + "{\"step\":\"CLIENT\",\"message\":\"m\"},\"origin\":\"c\","
        + "\"cancelledAt\":\"2026-12-04T10:00:00Z\"}").getBytes(UTF_8);

    assertThat(MessageCodec.decode(json, Cancel.class).error().origin()).isNull();
  }

  @Test
  void unknownFieldsAreIgnored() {
    byte[] json = ("{\"version\":1,\"jobId\":\"j\",\"type\":\"friends\",\"params\":{},"
        + "\"submittedAt\":\"2026-12-04T10:00:00Z\",\"deadline\":\"2026-12-04T10:00:30Z\","
        + "\"priority\":\"high\"}").getBytes(UTF_8);

    assertThat(MessageCodec.decode(json, JobRequest.class).jobId()).isEqualTo("j");
  }

  @Test
  void malformedJsonIsRejectedAsNotJson() {
    assertThatThrownBy(() -> MessageCodec.decode("{\"version\":".getBytes(UTF_8), JobRequest.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageStartingWith("invalid JobRequest message: not valid JSON");
  }

  @Test
  void nonObjectIsRejected() {
    assertThatThrownBy(() -> MessageCodec.decode("[1,2]".getBytes(UTF_8), JobRequest.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("expected a JSON object, got array [1,2]");
  }

  @Test
  void validMessageOfVersionTwoRejected() {
    byte[] otherVersion = clientCancelJson().replace("\"version\":1", "\"version\":2")
        .getBytes(UTF_8);

    assertThatThrownBy(() -> MessageCodec.decode(otherVersion, Cancel.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessage("unsupported Cancel message version 2: this build reads version 1");
  }

  @Test
  void validMessageWithoutVersionRejected() {
    byte[] withoutVersion = clientCancelJson().replace("\"version\":1,", "").getBytes(UTF_8);

    assertThatThrownBy(() -> MessageCodec.decode(withoutVersion, Cancel.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageStartingWith("invalid Cancel message: missing field 'version'");
  }

  /** Returns a valid client cancel as JSON, whose fields all bind. */
  private static String clientCancelJson() {
    Cancel cancel = Cancel.of("job-1", CancelReason.CLIENT, new JobError(Step.TASK, "stop", null),
        "client", SUBMITTED, DEADLINE);
    return new String(MessageCodec.encode(cancel), UTF_8);
  }

  @Test
  void unknownVersionIsRejectedWithBothVersions() {
    byte[] json = "{\"version\":2,\"jobId\":\"j\"}".getBytes(UTF_8);

    assertThatThrownBy(() -> MessageCodec.decode(json, JobRequest.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessage("unsupported JobRequest message version 2: this build reads version 1");
  }

  @Test
  void missingFieldIsNamed() {
    byte[] json = ("{\"version\":1,\"jobId\":\"j\",\"params\":{},"
        + "\"submittedAt\":\"2026-12-04T10:00:00Z\",\"deadline\":\"2026-12-04T10:00:30Z\"}")
        .getBytes(UTF_8);

    assertThatThrownBy(() -> MessageCodec.decode(json, JobRequest.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessage("invalid JobRequest message: missing field 'type'");
  }

  @Test
  void invalidJobIdIsNamed() {
    assertThatThrownBy(() -> friendsJob("bad id!", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bad id!'");
  }

  @Test
  void outcomeRequiresResultOnSuccessAndErrorOtherwise() {
    JobStats stats = new JobStats(1, 1, 0, 0);

    assertThatThrownBy(() -> new JobOutcome(1, "j", "friends", JobStatus.SUCCEEDED, null, null,
        stats, SUBMITTED, SUBMITTED)).hasMessage("missing field 'result'");
    assertThatThrownBy(() -> new JobOutcome(1, "j", "friends", JobStatus.FAILED, null, null,
        stats, SUBMITTED, SUBMITTED)).hasMessage("missing field 'error'");
  }

  @Test
  void runningProgressSurvivesRoundTrip() {
    JobProgress progress = JobProgress.running("job-1", "friends", new JobStats(40, 30, 1, 2),
        false, SUBMITTED, DEADLINE, SUBMITTED.plusSeconds(3));

    JobProgress read = MessageCodec.decode(MessageCodec.encode(progress), JobProgress.class);

    assertThat(read).isEqualTo(progress);
    assertThat(read.state()).isEqualTo(ProgressState.LISTING);
    assertThat(read.error()).isNull();
  }

  @Test
  void finalProgressTakesTheOutcomesStatusAndError() {
    JobOutcome outcome = new JobOutcome(1, "job-1", "friends", JobStatus.CANCELLED, null,
        JobError.of(Step.CLIENT, "cancelled by client c"), new JobStats(9, 4, 0, 5), SUBMITTED,
        SUBMITTED.plusSeconds(4));

    JobProgress progress = JobProgress.finished(outcome, true, DEADLINE);
    JobProgress read = MessageCodec.decode(MessageCodec.encode(progress), JobProgress.class);

    assertThat(read).isEqualTo(progress);
    assertThat(read.state()).isEqualTo(ProgressState.CANCELLED);
    assertThat(read.state().isFinal()).isTrue();
    assertThat(read.stats()).isEqualTo(outcome.stats());
    assertThat(read.error()).isEqualTo(outcome.error());
    assertThat(read.updatedAt()).isEqualTo(outcome.finishedAt());
  }

  @Test
  void progressOfUnreadableJobKeepsNullFields() {
    JobOutcome outcome = new JobOutcome(1, "job-1", null, JobStatus.FAILED, null,
        JobError.of(Step.SUBMIT, "not JSON"), new JobStats(0, 0, 0, 0), null, SUBMITTED);

    JobProgress read = MessageCodec.decode(
        MessageCodec.encode(JobProgress.finished(outcome, false, null)), JobProgress.class);

    assertThat(read.submittedAt()).isNull();
    assertThat(read.deadline()).isNull();
    assertThat(read.type()).isNull();
  }

  @Test
  void runningProgressRejectsAnError() {
    assertThatThrownBy(() -> new JobProgress(1, "job-1", "friends", ProgressState.RUNNING,
        new JobStats(1, 0, 0, 0), true, SUBMITTED, DEADLINE, SUBMITTED,
        JobError.of(Step.TASK, "failed")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RUNNING");
  }

  @Test
  void progressWithoutStateIsRejectedNamingTheField() {
    String json = "{\"version\":1,\"jobId\":\"job-1\",\"stats\":{\"listed\":1,"
        + "\"completed\":0,\"failed\":0,\"skipped\":0},\"listingFinished\":true,"
        + "\"updatedAt\":\"2026-12-04T10:00:00Z\"}";

    assertThatThrownBy(() -> MessageCodec.decode(json.getBytes(UTF_8), JobProgress.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessage("invalid JobProgress message: missing field 'state'");
  }

  @Test
  void progressTopicSharesThePrefix() {
    assertThat(new Topics("wp.").progress()).isEqualTo("wp.progress");
  }
}
