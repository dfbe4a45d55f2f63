package io.workerpool.core.job;

import io.workerpool.core.config.ConfigException;
import io.workerpool.core.config.Settings;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The directory of jars that add job types to a pool without rebuilding it, named by the setting
 * {@value #SETTING}. Every role loads the handlers these jars register in
 * {@code META-INF/services/io.workerpool.core.job.JobHandler}, besides those on its class path.
 */
final class JobJars {

  /** The setting that names the directory. */
  static final String SETTING = "WORKERPOOL_JOBS_DIR";

  private JobJars() {}

  /**
   * Returns a class loader over the directory's jars, with the application's as parent, or empty
   * when the setting is absent.
   *
   * @throws ConfigException naming the directory when it does not exist or cannot be read
   */
  static Optional<URLClassLoader> classLoader(Settings settings) {
    Optional<String> directory = settings.optional(SETTING);
    if (directory.isEmpty()) {
      return Optional.empty();
    }
    List<URL> jars = jarsIn(Path.of(directory.get()));
    return Optional.of(new URLClassLoader("job-jars", jars.toArray(URL[]::new),
        JobJars.class.getClassLoader()));
  }

  /** Lists the directory's {@code .jar} files in name order, so every role loads the same. */
  static List<URL> jarsIn(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new ConfigException("invalid value '" + directory + "' for " + SETTING
          + ": no such directory; create it and put job jars in it, or unset " + SETTING);
    }
    List<Path> paths = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.jar")) {
      entries.forEach(paths::add);
    } catch (IOException e) {
      throw new ConfigException("cannot list the jars in '" + directory + "' named by " + SETTING
          + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }
    paths.sort(null);
    List<URL> urls = new ArrayList<>();
    for (Path path : paths) {
      try {
        urls.add(path.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new ConfigException("invalid jar path '" + path + "' in " + SETTING, e);
      }
    }
    return urls;
  }
}
