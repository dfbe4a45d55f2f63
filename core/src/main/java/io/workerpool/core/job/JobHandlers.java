package io.workerpool.core.job;

import io.workerpool.core.config.Settings;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The job handlers found on the class path, by job type. */
public final class JobHandlers {

  private final Map<String, JobHandler> byType;

  private JobHandlers(Map<String, JobHandler> byType) {
    this.byType = byType;
  }

  /**
   * Loads every {@link JobHandler} on the class path and configures it.
   *
   * @throws IllegalStateException when none is found or two serve the same type
   */
  public static JobHandlers load(Settings settings) {
    Map<String, JobHandler> byType = new TreeMap<>();
    for (JobHandler handler : ServiceLoader.load(JobHandler.class)) {
      JobHandler previous = byType.putIfAbsent(handler.type(), handler);
      if (previous != null) {
        throw new IllegalStateException("two job handlers serve type '" + handler.type() + "': "
            + previous.getClass().getName() + " and " + handler.getClass().getName());
      }
    }
    if (byType.isEmpty()) {
      throw new IllegalStateException("no job handler found on the class path: add a jar that "
          + "registers one in META-INF/services/" + JobHandler.class.getName());
    }
    byType.values().forEach(handler -> handler.configure(settings));
    return new JobHandlers(byType);
  }

  /** Returns handlers for exactly these types, for tests. */
  public static JobHandlers of(JobHandler... handlers) {
    Map<String, JobHandler> byType = new TreeMap<>();
    for (JobHandler handler : handlers) {
      byType.put(handler.type(), handler);
    }
    return new JobHandlers(byType);
  }

  public Optional<JobHandler> find(String type) {
    return Optional.ofNullable(type == null ? null : byType.get(type));
  }

  /** Builds the error for a job of a type no handler serves. */
  public String unknownTypeMessage(String type) {
    return "unknown job type '" + type + "': this pool runs " + String.join(", ", byType.keySet());
  }
}
