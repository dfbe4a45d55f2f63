package io.workerpool.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.workerpool.core.cancel.CancelPublisher;
import io.workerpool.core.cancel.CancelRegistry;
import io.workerpool.core.config.SizeLimit;
import io.workerpool.core.job.JobHandler;
import io.workerpool.core.job.JobHandlers;
import io.workerpool.core.job.ResultCombiner;
import io.workerpool.core.job.TaskFailedException;
import io.workerpool.core.job.TaskSink;
import io.workerpool.protocol.Cancel.CancelReason;
import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobRequest;
import io.workerpool.protocol.MessageCodec;
import io.workerpool.protocol.Stage;
import io.workerpool.protocol.Task;
import io.workerpool.protocol.TaskResult;
import io.workerpool.protocol.TaskStatus;
import io.workerpool.protocol.Topics;
import io.workerpool.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a worker runs the tasks of a chained job's stages and sends them on. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StageForwardingTest {

  private static final String JOB_ID = "job-1";
  private static final String WORKER_ID = "worker-test";

  private final MutableClock clock = MutableClock.atFixedStart();
  private final Instant deadline = clock.instant().plus(Duration.ofMinutes(1));
  private final CancelRegistry cancels = new CancelRegistry(clock, Duration.ofHours(1));
  private final RecordingOutput output = new RecordingOutput();
  private final TaskRunner runner = new TaskRunner(
      JobHandlers.of(new SourceHandler(), new ScaleHandler()), cancels, new RunningTasks(),
      output, clock, WORKER_ID);

  /** source → scale by 2 → scale by 10 on queue "scalers". */
  private final JobRequest job = JobRequest.of(JOB_ID, "source", null, clock.instant(), deadline)
      .withStages(List.of(Stage.of("scale", by(2)), new Stage("scale", by(10), "scalers")));

  @Test
  void firstStageForwardsOutputAsNextStageTask() {
    AcknowledgeType ack = runner.run(JOB_ID, encode(Task.of(job, 3, number(7))));

    assertThat(ack).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(output.results).isEmpty();
    assertThat(output.forwarded).hasSize(1);
    Task next = output.forwarded.get(0);
    assertThat(next.stage()).isEqualTo(1);
    assertThat(next.input().longValue()).isEqualTo(7L);
    assertThat(next.taskId()).isEqualTo("job-1#3");
    assertThat(next.sequence()).isEqualTo(3);
    assertThat(next.type()).isEqualTo("source");
  }

  @Test
  void middleStageRunsStageHandlerWithStageParams() {
    Task task = Task.of(job, 3, number(7)).next(number(7));

    runner.run(JOB_ID, encode(task));

    assertThat(output.forwarded).hasSize(1);
    Task next = output.forwarded.get(0);
    assertThat(next.stage()).isEqualTo(2);
    assertThat(next.input().longValue()).isEqualTo(14L);
    assertThat(next.queue()).isEqualTo("scalers");
    assertThat(output.results).isEmpty();
  }

  @Test
  void lastStageSendsResultOfJobType() {
    Task task = Task.of(job, 3, number(7)).next(number(7)).next(number(14));

    AcknowledgeType ack = runner.run(JOB_ID, encode(task));

    assertThat(ack).isEqualTo(AcknowledgeType.ACCEPT);
    assertThat(output.forwarded).isEmpty();
    assertThat(output.results).hasSize(1);
    TaskResult result = output.results.get(0);
    assertThat(result.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(result.output()).isEqualTo(number(140));
    assertThat(result.type()).isEqualTo("source");
    assertThat(result.taskId()).isEqualTo("job-1#3");
    assertThat(result.sequence()).isEqualTo(3);
  }

  @Test
  void failedStageNamesStageInResultAndCancel() {
    Task task = Task.of(job, 3, number(7)).next(number(Long.MAX_VALUE));

    runner.run(JOB_ID, encode(task));

    assertThat(output.forwarded).isEmpty();
    assertThat(output.results).hasSize(1);
    TaskResult result = output.results.get(0);
    assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(result.taskId()).isEqualTo("job-1#3");
    assertThat(result.error().message()).startsWith("stage 1 (scale): task job-1#3");
    assertThat(result.error().message()).contains("overflows");
    assertThat(output.cancels).hasSize(1);
    assertThat(output.cancels.get(0).reason()).isEqualTo(CancelReason.FAILED);
    assertThat(output.cancels.get(0).error()).isEqualTo(result.error());
  }

  @Test
  void unknownStageTypeFailsTask() {
    JobRequest unknown = job.withStages(List.of(Stage.of("divide", by(2))));
    Task task = Task.of(unknown, 0, number(7)).next(number(7));

    runner.run(JOB_ID, encode(task));

    assertThat(output.results).extracting(TaskResult::status)
        .containsExactly(TaskStatus.FAILED);
    assertThat(output.results.get(0).error().message())
        .startsWith("stage 1 (divide): unknown job type 'divide'");
    assertThat(output.cancels).hasSize(1);
  }

  @Test
  void cancelledJobSkipsLaterStageTask() {
    cancels.record(io.workerpool.protocol.Cancel.of(JOB_ID, CancelReason.CLIENT,
        JobError.of(Step.CLIENT, "cancelled by client alice"), "client-alice", clock.instant(),
        null));
    Task task = Task.of(job, 3, number(7)).next(number(7));

    runner.run(JOB_ID, encode(task));

    assertThat(output.forwarded).isEmpty();
    assertThat(output.results).extracting(TaskResult::status)
        .containsExactly(TaskStatus.SKIPPED);
    assertThat(output.results.get(0).taskId()).isEqualTo("job-1#3");
    assertThat(output.results.get(0).error().message())
        .startsWith("stage 1 (scale): dropped before running");
  }

  @Test
  void forwardSendsToQueueTopic() throws Exception {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    PendingSends pending = new PendingSends();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    KafkaResultOutput kafka = kafkaOutput(producer, pending, meters, 100_000);
    Task middle = Task.of(job, 3, number(7)).next(number(7));

    kafka.forward(middle, number(14));

    assertThat(producer.history()).hasSize(1);
    ProducerRecord<String, byte[]> sent = producer.history().get(0);
    assertThat(sent.topic()).isEqualTo("wp.tasks.scalers");
    assertThat(sent.key()).isEqualTo("job-1#3");
    Task next = MessageCodec.decode(sent.value(), Task.class);
    assertThat(next.stage()).isEqualTo(2);
    assertThat(next.input().longValue()).isEqualTo(14L);
    assertThat(meters.get("workerpool.tasks.forwarded").tag("stage_type", "scale").counter()
        .count()).isEqualTo(1.0);
    producer.completeNext();
    assertThat(pending.awaitStored()).isTrue();
  }

  @Test
  void failedForwardSendLeavesTaskUnstored() throws Exception {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    PendingSends pending = new PendingSends();
    KafkaResultOutput kafka = kafkaOutput(producer, pending, new SimpleMeterRegistry(), 100_000);

    kafka.forward(Task.of(job, 0, number(7)), number(7));
    producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker down"));

    assertThat(producer.history()).extracting(ProducerRecord::topic)
        .containsExactly("wp.tasks");
    assertThat(pending.awaitStored()).isFalse();
  }

  @Test
  void oversizedNextStageTaskFailsTask() throws Exception {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    PendingSends pending = new PendingSends();
    KafkaResultOutput kafka = kafkaOutput(producer, pending, new SimpleMeterRegistry(), 300);
    JsonNode large = JsonNodeFactory.instance.textNode("x".repeat(1_000));

    kafka.forward(Task.of(job, 0, number(7)), large);

    assertThat(producer.history()).extracting(ProducerRecord::topic)
        .containsExactly("wp.results", "wp.cancels");
    TaskResult result =
        MessageCodec.decode(producer.history().get(0).value(), TaskResult.class);
    assertThat(result.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(result.error().message()).startsWith("stage 0 (source): the output of task "
        + "job-1#0");
    assertThat(result.error().message()).contains(ResultSizeLimit.SETTING);
    assertThat(pending.awaitStored()).isTrue();
  }

  private KafkaResultOutput kafkaOutput(MockProducer<String, byte[]> producer,
      PendingSends pending, SimpleMeterRegistry meters, int maxBytes) {
    Topics topics = new Topics("wp.");
    return new KafkaResultOutput(producer, topics,
        new CancelPublisher(producer, topics.cancels(), cancels),
        new WorkerMetrics(meters, clock, new RunningTasks()),
        new ResultSizeLimit(new SizeLimit(ResultSizeLimit.SETTING, maxBytes)), clock, pending,
        WORKER_ID);
  }

  private static byte[] encode(Task task) {
    return MessageCodec.encode(task);
  }

  private static JsonNode number(long value) {
    return JsonNodeFactory.instance.numberNode(value);
  }

  private static JsonNode by(long factor) {
    return JsonNodeFactory.instance.objectNode().put("by", factor);
  }

  /** A first stage whose tasks' outputs are their inputs. */
  private static final class SourceHandler implements JobHandler {

    @Override
    public String type() {
      return "source";
    }

    @Override
    public void validate(JsonNode params) {}

    @Override
    public void listTasks(JsonNode params, TaskSink sink) {
      throw new UnsupportedOperationException("workers do not list tasks");
    }

    @Override
    public JsonNode processTask(JsonNode input) {
      return input;
    }

    @Override
    public String describeTask(JsonNode input) {
      return "number " + input;
    }

    @Override
    public ResultCombiner newCombiner() {
      throw new UnsupportedOperationException("workers do not combine results");
    }
  }

  /** A stage that multiplies its input by the stage parameter {@code by}. */
  private static final class ScaleHandler implements JobHandler {

    @Override
    public String type() {
      return "scale";
    }

    @Override
    public void validate(JsonNode params) {}

    @Override
    public void listTasks(JsonNode params, TaskSink sink) {
      throw new UnsupportedOperationException("workers do not list tasks");
    }

    @Override
    public JsonNode processTask(JsonNode input) {
      throw new UnsupportedOperationException("scale runs only as a stage");
    }

    @Override
    public JsonNode processStage(JsonNode input, JsonNode stageParams)
        throws TaskFailedException {
      try {
        return number(Math.multiplyExact(input.longValue(), stageParams.get("by").longValue()));
      } catch (ArithmeticException e) {
        throw new TaskFailedException("scale of " + input + " overflows");
      }
    }

    @Override
    public String describeTask(JsonNode input) {
      return "scale of " + input;
    }

    @Override
    public ResultCombiner newCombiner() {
      throw new UnsupportedOperationException("workers do not combine results");
    }
  }
}
