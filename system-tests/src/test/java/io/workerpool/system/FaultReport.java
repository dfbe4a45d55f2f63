package io.workerpool.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of the fault-injection suite: for each job, the fault injected while it ran and
 * what the job's results and outcomes show afterwards.
 */
final class FaultReport {

  /**
   * What one job showed.
   *
   * @param fault the kind of fault injected while the job ran
   * @param tasksLost listed tasks whose result is missing from the job's outcome
   * @param countedTwice results the outcome counted more than once
   * @param outcomes outcomes published for the job; exactly one is right
   * @param repeatedRuns task results beyond the first for the same task: work done again,
   *     which at-least-once delivery allows as long as it is counted once
   */
  record JobFigures(String fault, String jobId, int tasks, long tasksLost, long countedTwice,
      int outcomes, long repeatedRuns) {}

  private final List<JobFigures> jobs = new ArrayList<>();
  private final Map<String, Integer> faults = new TreeMap<>();

  synchronized void faultInjected(String kind) {
    faults.merge(kind, 1, Integer::sum);
  }

  synchronized void add(JobFigures figures) {
    jobs.add(figures);
  }

  synchronized String render() {
    StringBuilder text = new StringBuilder("Fault-injection suite\n");
    text.append(String.format("jobs run: %d%n", jobs.size()));
    text.append("faults injected:\n");
    faults.forEach((kind, count) -> text.append(String.format("  %-34s %d%n", kind, count)));
    text.append(String.format("tasks lost: %d%n",
        jobs.stream().mapToLong(JobFigures::tasksLost).sum()));
    text.append(String.format("results counted twice: %d%n",
        jobs.stream().mapToLong(JobFigures::countedTwice).sum()));
    text.append(String.format("jobs without exactly one outcome: %d%n",
        jobs.stream().filter(job -> job.outcomes() != 1).count()));
    text.append(String.format("task runs repeated (counted once): %d%n",
        jobs.stream().mapToLong(JobFigures::repeatedRuns).sum()));
    text.append("per job:\n");
    text.append(String.format("  %-34s %6s %5s %6s %8s %8s%n",
        "fault", "tasks", "lost", "twice", "outcomes", "repeated"));
    for (JobFigures job : jobs) {
      text.append(String.format("  %-34s %6d %5d %6d %8d %8d%n", job.fault(), job.tasks(),
          job.tasksLost(), job.countedTwice(), job.outcomes(), job.repeatedRuns()));
    }
    return text.toString();
  }

  /** Prints the report and writes it to {@code file}. */
  void publish(Path file) throws IOException {
    String text = render();
    System.out.println(text);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
