package io.workerpool.reducer;

import io.workerpool.core.config.Settings;
import io.workerpool.core.runtime.PoolSettings;
import java.time.Duration;

/**
 * The reducer's own settings.
 *
 * @param groupId the consumer group of reducers, from {@code REDUCER_GROUP_ID} (default: the
 *     topic prefix followed by {@code reducer})
 * @param settleTimeout how long after a cancel the reducer waits for the skipped tasks to be
 *     reported before it publishes the outcome, from {@code REDUCER_SETTLE_TIMEOUT} (default 5s)
 * @param orphanTimeout how long the reducer keeps results of a job whose job message it has not
 *     read, from {@code REDUCER_ORPHAN_TIMEOUT} (default 10m)
 * @param finishedRetention how long after a finished job's deadline the reducer remembers it, to
 *     ignore its late results, from {@code REDUCER_FINISHED_RETENTION} (default 1h)
 * @param progressInterval the minimum time between two progress records of a running job, from
 *     {@code REDUCER_PROGRESS_INTERVAL} (default 500ms); 0 publishes one on every change
 */
record ReducerSettings(
    String groupId, Duration settleTimeout, Duration orphanTimeout, Duration finishedRetention,
    Duration progressInterval) {

  static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(500);

  /** Creates settings with the default progress interval. */
  ReducerSettings(String groupId, Duration settleTimeout, Duration orphanTimeout,
      Duration finishedRetention) {
    this(groupId, settleTimeout, orphanTimeout, finishedRetention, DEFAULT_PROGRESS_INTERVAL);
  }

  static ReducerSettings from(Settings settings) {
    return new ReducerSettings(
        settings.string("REDUCER_GROUP_ID",
            PoolSettings.from(settings).defaultGroupId("reducer")),
        settings.duration("REDUCER_SETTLE_TIMEOUT", Duration.ofSeconds(5)),
        settings.duration("REDUCER_ORPHAN_TIMEOUT", Duration.ofMinutes(10)),
        settings.duration("REDUCER_FINISHED_RETENTION", Duration.ofHours(1)),
        settings.duration("REDUCER_PROGRESS_INTERVAL", DEFAULT_PROGRESS_INTERVAL));
  }
}
