package io.workerpool.reducer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides when the reducer publishes a running job's progress: as soon as it reads the job
 * record, then after a change at most once per interval. Not thread-safe, because the
 * reducer's thread alone calls it.
 */
final class ProgressSchedule {

  private final Duration interval;
  private final Map<String, Instant> publishedAt = new HashMap<>();
  private final Set<String> changed = new LinkedHashSet<>();

  ProgressSchedule(Duration interval) {
    this.interval = interval;
  }

  /** Records that a job's record was read, so its progress is due at once. */
  void jobRecordRead(String jobId) {
    publishedAt.remove(jobId);
    changed.add(jobId);
  }

  /** Records that a job's counts or listing changed. */
  void changed(String jobId) {
    changed.add(jobId);
  }

  /**
   * Returns the changed jobs whose last progress is at least the interval old, and records
   * that their progress is published now.
   */
  List<String> takeDue(Instant now) {
    List<String> due = new ArrayList<>();
    for (String jobId : changed) {
      if (isDue(jobId, now)) {
        due.add(jobId);
      }
    }
    due.forEach(jobId -> markPublished(jobId, now));
    return due;
  }

  /**
   * Tells whether one job changed and its last progress is at least the interval old. When it
   * returns true, it records that the job's progress is published now.
   */
  boolean takeIfDue(String jobId, Instant now) {
    if (!changed.contains(jobId) || !isDue(jobId, now)) {
      return false;
    }
    markPublished(jobId, now);
    return true;
  }

  private boolean isDue(String jobId, Instant now) {
    Instant last = publishedAt.get(jobId);
    return last == null || !now.isBefore(last.plus(interval));
  }

  private void markPublished(String jobId, Instant now) {
    changed.remove(jobId);
    publishedAt.put(jobId, now);
  }

  /** Forgets a job that finished or moved to another reducer. */
  void forget(String jobId) {
    publishedAt.remove(jobId);
    changed.remove(jobId);
  }

  /** Returns how many jobs the schedule tracks, for tests. */
  int trackedJobs() {
    Set<String> jobs = new LinkedHashSet<>(publishedAt.keySet());
    jobs.addAll(changed);
    return jobs.size();
  }
}
