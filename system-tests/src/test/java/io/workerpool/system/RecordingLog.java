package io.workerpool.system;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The role processes' output: copied to stderr and kept, so tests can count its lines. */
final class RecordingLog extends PrintStream {

  private final List<String> lines = new CopyOnWriteArrayList<>();

  RecordingLog() {
    super(System.err, true, StandardCharsets.UTF_8);
  }

  @Override
  public void println(String line) {
    lines.add(line);
    super.println(line);
  }

  /** Returns the lines of one role, such as {@code worker-1}, that contain {@code text}. */
  List<String> linesOf(String role, String text) {
    String prefix = "[" + role + "] ";
    return lines.stream()
        .filter(line -> line.startsWith(prefix) && line.contains(text))
        .toList();
  }

  /** Returns how many lines of one role contain {@code text}. */
  long count(String role, String text) {
    return linesOf(role, text).size();
  }
}
