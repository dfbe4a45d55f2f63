package io.workerpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.workerpool.protocol.JobError;
import io.workerpool.protocol.JobError.Step;
import io.workerpool.protocol.JobOutcome;
import io.workerpool.protocol.JobProgress;
import io.workerpool.protocol.JobStats;
import io.workerpool.protocol.JobStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private static final Instant SUBMITTED = Instant.parse("2026-12-04T10:00:00Z");

  private static JobProgress running(JobStats stats, boolean listingFinished) {
    return JobProgress.running("job-1", "friends", stats, listingFinished, SUBMITTED,
        SUBMITTED.plusSeconds(60), SUBMITTED.plusSeconds(5));
  }

  @Test
  void runningJobShowsBarCountsPercentAndElapsed() {
    String line = ProgressBar.render(running(new JobStats(200, 50, 0, 0), true),
        Duration.ofSeconds(12));

    assertThat(line).isEqualTo("RUNNING [#######-----------------------] 50/200 25%  12s");
  }

  @Test
  void listingJobShowsReportedTasksWithoutPercent() {
    String line = ProgressBar.render(running(new JobStats(45, 45, 0, 0), false),
        Duration.ofSeconds(3));

    assertThat(line).isEqualTo("LISTING 45 tasks done, still listing  3s");
  }

  @Test
  void failedAndSkippedTasksCountAsReported() {
    String line = ProgressBar.render(running(new JobStats(10, 5, 1, 4), true),
        Duration.ofSeconds(1));

    assertThat(line).startsWith("RUNNING [##############################] 10/10 100%")
        .contains(", 1 failed, 4 skipped");
  }

  @Test
  void finalRecordShowsTheOutcomesStatus() {
    JobOutcome outcome = new JobOutcome(1, "job-1", "friends", JobStatus.CANCELLED, null,
        JobError.of(Step.CLIENT, "cancelled by client c"), new JobStats(4, 1, 0, 3), SUBMITTED,
        SUBMITTED.plusSeconds(2));

    String line = ProgressBar.render(JobProgress.finished(outcome, true, null),
        Duration.ofSeconds(2));

    assertThat(line).startsWith("CANCELLED [##############################] 4/4 100%");
  }

  @Test
  void emptyFinishedListingIsComplete() {
    String line = ProgressBar.render(running(new JobStats(0, 0, 0, 0), true), Duration.ZERO);

    assertThat(line).contains("0/0 100%");
  }

  @Test
  void elapsedTimeUsesMinutesAndHours() {
    assertThat(ProgressBar.formatElapsed(Duration.ofSeconds(59))).isEqualTo("59s");
    assertThat(ProgressBar.formatElapsed(Duration.ofSeconds(125))).isEqualTo("2m05s");
    assertThat(ProgressBar.formatElapsed(Duration.ofSeconds(3723))).isEqualTo("1h02m03s");
    assertThat(ProgressBar.formatElapsed(Duration.ofMillis(-5))).isEqualTo("0s");
  }

  @Test
  void redrawCoversTheLongerPreviousLine() {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(terminal, true, StandardCharsets.UTF_8));

    bar.draw(null, Duration.ofSeconds(1));
    bar.draw(running(new JobStats(3, 3, 0, 0), false), Duration.ofSeconds(2));
    bar.finish();

    String waiting = ProgressBar.renderWaiting(Duration.ofSeconds(1));
    String listing = "LISTING 3 tasks done, still listing  2s";
    String padding = " ".repeat(waiting.length() - listing.length());
    assertThat(terminal.toString(StandardCharsets.UTF_8))
        .isEqualTo("\r" + waiting + "\r" + listing + padding + System.lineSeparator());
  }

  @Test
  void finishWithoutDrawingPrintsNothing() {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(terminal, true, StandardCharsets.UTF_8));

    bar.finish();

    assertThat(terminal.size()).isZero();
  }
}
