package io.workerpool.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.Stage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that describe a job, shared by {@code submit} and {@code local}. */
final class JobOptions {

  static final String FRIENDS = "friends";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--type", defaultValue = FRIENDS, paramLabel = "TYPE",
      description = "Job type, such as friends, repeat, multiply or add "
          + "(default: ${DEFAULT-VALUE}).")
  String type;

  @Option(names = "--params", paramLabel = "JSON", converter = JsonObjectConverter.class,
      description = "The job handler's parameters as a JSON object, such as "
          + "'{\"values\":[1,2,3]}' for the repeat job.")
  ObjectNode params;

  @Option(names = "--user", paramLabel = "ID",
      description = "User id of the GitHub social dataset whose friends to fetch, 0 to 37699; "
          + "for a friends job, short for --params '{\"userId\":ID}'.")
  Integer userId;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  CompletionOptions completion;

  @Option(names = "--stage", paramLabel = StageConverter.SYNTAX,
      converter = StageConverter.class,
      description = "A later stage of a chained job, run on each output of the stage before; "
          + "repeat the option for each stage, in order. TYPE is the job type that processes "
          + "it, QUEUE the queue of workers started with WORKER_QUEUE=QUEUE (default: the "
          + "shared tasks topic) and PARAMS_JSON its parameters (default: {}), for example "
          + "add@adders='{\"amount\":1}'.")
  List<Stage> stages = new ArrayList<>();

  @Option(names = "--queue", paramLabel = "QUEUE", converter = QueueConverter.class,
      description = "The queue of the job's own tasks, served by workers started with "
          + "WORKER_QUEUE=QUEUE, so they skip the shared tasks topic's backlog "
          + "(default: the shared tasks topic).")
  String queue;

  /**
   * Returns the job the options describe.
   *
   * @throws ParameterException when the options name no parameters, or two sources of them
   */
  JobSubmission submission() {
    Completion mode = completion == null ? Completion.ALL : completion.completion();
    if (userId != null && !FRIENDS.equals(type)) {
      throw new ParameterException(spec.commandLine(), "option '--user' is only for a friends "
          + "job, not --type " + type + ": pass the job's parameters with --params");
    }
    if (userId != null && params != null) {
      throw new ParameterException(spec.commandLine(), "options '--user' and '--params' both "
          + "set the friends job's parameters: give only one");
    }
    if (userId != null) {
      return new JobSubmission(FRIENDS,
          JsonNodeFactory.instance.objectNode().put("userId", userId), mode, stages, queue,
          "friends of user " + userId);
    }
    if (params == null && FRIENDS.equals(type)) {
      throw new ParameterException(spec.commandLine(), "missing option '--user=ID' (or "
          + "'--params') for a friends job");
    }
    JsonNode jobParams = params == null ? JsonNodeFactory.instance.objectNode() : params;
    return new JobSubmission(type, jobParams, mode, stages, queue, type + " job");
  }

  /** Returns the queues the job and its stages name, in order of first use. */
  Set<String> queues() {
    Set<String> queues = new LinkedHashSet<>();
    if (queue != null) {
      queues.add(queue);
    }
    for (Stage stage : stages) {
      if (stage.queue() != null) {
        queues.add(stage.queue());
      }
    }
    return queues;
  }
}
