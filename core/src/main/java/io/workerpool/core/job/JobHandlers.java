package io.workerpool.core.job;

import io.workerpool.core.config.Settings;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The job handlers found on the class path, by job type. */
public final class JobHandlers {

  private static final Logger log = LoggerFactory.getLogger(JobHandlers.class);

  private final Map<String, JobHandler> byType;

  private JobHandlers(Map<String, JobHandler> byType) {
    this.byType = byType;
  }

  /**
   * Loads every {@link JobHandler} on the class path and in the jars of the directory that
   * {@code WORKERPOOL_JOBS_DIR} names, and configures it.
   *
   * @throws IllegalStateException when none is found or two serve the same type
   * @throws io.workerpool.core.config.ConfigException when the directory does not exist
   */
  public static JobHandlers load(Settings settings) {
    ClassLoader loader = JobJars.classLoader(settings)
        .map(ClassLoader.class::cast)
        .orElse(JobHandlers.class.getClassLoader());
    Map<String, JobHandler> byType = new TreeMap<>();
    for (JobHandler handler : ServiceLoader.load(JobHandler.class, loader)) {
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
    log.info("Job types: {}", String.join(", ", byType.keySet()));
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

  /** Returns the job types served, in name order. */
  public Set<String> types() {
    return byType.keySet();
  }

  public Optional<JobHandler> find(String type) {
    return Optional.ofNullable(type == null ? null : byType.get(type));
  }

  /** Builds the error for a job of a type no handler serves. */
  public String unknownTypeMessage(String type) {
    return "unknown job type '" + type + "': this pool runs " + String.join(", ", byType.keySet());
  }
}
