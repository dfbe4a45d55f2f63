package io.workerpool.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.workerpool.core.client.JobClient;
import io.workerpool.core.config.Settings;
import io.workerpool.core.client.KafkaAccessDeniedException;
import io.workerpool.core.client.PendingJob;
import io.workerpool.core.runtime.PoolSettings;
import io.workerpool.protocol.Completion;
import io.workerpool.protocol.JobIds;
import io.workerpool.protocol.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Submits a job, friends by default, to a running pool. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Submit a job (a friends job unless --type names another), print its id on "
        + "stderr, then print its outcome as JSON on stdout. Exit status: 0 SUCCEEDED, "
        + "1 FAILED, 2 invalid options, 3 CANCELLED, 4 TIMED_OUT, 5 no outcome in time, "
        + "6 Kafka cluster unreachable. On a terminal it draws the job's progress on stderr "
        + "while it waits.")
final class SubmitCommand implements Callable<Integer> {

  private static final String FRIENDS = "friends";

  @Spec
  CommandSpec spec;

  @Mixin
  ClusterOption cluster;

  @Option(names = "--type", defaultValue = FRIENDS, paramLabel = "TYPE",
      description = "Job type, such as friends, repeat, multiply or add "
          + "(default: ${DEFAULT-VALUE}).")
  String type;

  @Option(names = "--params", paramLabel = "JSON", converter = JsonObjectConverter.class,
      description = "The job handler's parameters as a JSON object, such as "
          + "'{\"values\":[1,2,3]}' for the repeat job.")
  ObjectNode params;

  @Option(names = "--user", paramLabel = "ID",
      description = "User id of the GitHub social dataset whose friends to fetch; for a friends "
          + "job, short for --params '{\"userId\":ID}'.")
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

  @Option(names = "--deadline", defaultValue = "60s", paramLabel = "DURATION",
      description = "Time the job may take before it ends TIMED_OUT, such as 30s or 2m "
          + "(default: ${DEFAULT-VALUE}).")
  Duration deadline;

  @Option(names = "--job-id", paramLabel = "ID",
      description = "Job id to use (default: a random UUID).")
  String jobId;

  @Option(names = "--no-wait",
      description = "Print the job id on stdout and exit without waiting for the outcome.")
  boolean noWait;

  @Option(names = "--no-progress",
      description = "Draw no progress bar on stderr while waiting. Without a terminal none is "
          + "drawn anyway.")
  boolean noProgress;

  @Override
  public Integer call() throws InterruptedException {
    JobSubmission submission = submission();
    String id = jobId == null ? JobIds.newJobId() : JobIds.requireValid(jobId);
    Settings settings = PoolConnection.settings(cluster);
    try (JobClient client = PoolConnection.client(settings)) {
      if (noWait) {
        try (PendingJob job = client.submit(id, submission.type(), submission.params(),
            deadline, submission.completion(), submission.stages())) {
          System.out.println(job.jobId());
        }
        return 0;
      }
      // NOTE: Java 17 cannot tell whether stderr is a terminal. System.console() is null
      // unless stdin and stdout are terminals, so 'submit > file' draws no bar and
      // 'submit 2> file' on a terminal writes the bar's lines to the file.
      if (noProgress || System.console() == null) {
        return submission.submitAndPrint(client, id, deadline, System.out, System.err);
      }
      return submission.submitAndPrint(client, id, deadline, System.out, System.err,
          openProgress(settings, id));
    }
  }

  /**
   * Opens the progress bar's reader. A pool whose progress topic is missing or not readable by
   * this principal still runs the job, without a bar. An unreachable cluster stops the command
   * as it would stop the submission.
   */
  private static ProgressWatcher openProgress(Settings settings, String id) {
    try {
      return ProgressWatcher.open(PoolConnection.clients(settings),
          PoolSettings.from(settings).topics().progress(), id, new ProgressBar(System.err),
          Clock.systemUTC());
    } catch (KafkaAccessDeniedException | ProgressTopic.MissingTopicException e) {
      System.err.println("workerpool: no progress bar, because " + e.getMessage());
      return ProgressWatcher.disabled();
    }
  }

  /**
   * Returns the job the options describe.
   *
   * @throws ParameterException when the options name no parameters, or two sources of them
   */
  private JobSubmission submission() {
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
          JsonNodeFactory.instance.objectNode().put("userId", userId), mode, stages,
          "friends of user " + userId);
    }
    if (params == null && FRIENDS.equals(type)) {
      throw new ParameterException(spec.commandLine(), "missing option '--user=ID' (or "
          + "'--params') for a friends job");
    }
    JsonNode jobParams = params == null ? JsonNodeFactory.instance.objectNode() : params;
    return new JobSubmission(type, jobParams, mode, stages, type + " job");
  }
}
