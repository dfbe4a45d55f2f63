package io.workerpool.cli;

import io.workerpool.protocol.JobProgress;
import io.workerpool.protocol.JobStats;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Draws a job's progress as one line on a terminal, redrawn in place: each line starts with a
 * carriage return and is padded to cover the previous one.
 */
final class ProgressBar {

  /** Characters between the brackets of the bar. */
  static final int WIDTH = 30;

  private final PrintStream terminal;
  private int drawnLength;

  ProgressBar(PrintStream terminal) {
    this.terminal = terminal;
  }

  /** Redraws the line for {@code progress}, or a waiting line while it is null. */
  void draw(JobProgress progress, Duration elapsed) {
    String line = progress == null ? renderWaiting(elapsed) : render(progress, elapsed);
    String padding = " ".repeat(Math.max(0, drawnLength - line.length()));
    terminal.print("\r" + line + padding);
    terminal.flush();
    drawnLength = line.length();
  }

  /** Ends the line, so that later output starts on a line of its own. */
  void finish() {
    if (drawnLength > 0) {
      terminal.println();
      terminal.flush();
      drawnLength = 0;
    }
  }

  /**
   * Renders one line, starting with the state. Once the listing is finished, a bar, the
   * reported tasks (completed, failed and skipped) of those listed and the percentage follow.
   * While the producer still lists, only the count of reported tasks follows. The line ends
   * with the failed and skipped counts when not zero, and the time since submission.
   */
  static String render(JobProgress progress, Duration elapsed) {
    JobStats stats = progress.stats();
    long reported = stats.completed() + stats.failed() + stats.skipped();
    StringBuilder line = new StringBuilder(progress.state().name()).append(' ');
    if (progress.listingFinished()) {
      int percent = stats.listed() == 0 ? 100
          : (int) Math.min(100, reported * 100 / stats.listed());
      line.append(bar(percent)).append(' ').append(reported).append('/').append(stats.listed())
          .append(' ').append(percent).append('%');
    } else {
      line.append(reported).append(" tasks done, still listing");
    }
    if (stats.failed() > 0) {
      line.append(", ").append(stats.failed()).append(" failed");
    }
    if (stats.skipped() > 0) {
      line.append(", ").append(stats.skipped()).append(" skipped");
    }
    return line.append("  ").append(formatElapsed(elapsed)).toString();
  }

  /** Renders the line shown before the reducer's first progress record arrives. */
  static String renderWaiting(Duration elapsed) {
    return "waiting for the reducer to read the job  " + formatElapsed(elapsed);
  }

  private static String bar(int percent) {
    int filled = percent * WIDTH / 100;
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
  }

  /** Formats whole seconds as {@code 7s}, {@code 2m05s} or {@code 1h02m03s}. */
  static String formatElapsed(Duration elapsed) {
    long seconds = Math.max(0, elapsed.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh%02dm%02ds", seconds / 3600, seconds % 3600 / 60, seconds % 60);
  }
}
