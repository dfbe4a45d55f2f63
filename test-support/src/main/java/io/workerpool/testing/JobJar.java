package io.workerpool.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a jar of job handlers the way a user of the pool would, from Java source compiled
 * against this JVM's class path, with its {@code META-INF/services} registration. It needs a
 * JDK, not only a JRE.
 */
public final class JobJar {

  private static final String SERVICE = "META-INF/services/io.workerpool.core.job.JobHandler";

  private JobJar() {}

  /**
   * Compiles one handler class and writes it into {@code directory/name.jar}.
   *
   * @param className the handler's fully qualified class name
   * @param source the class's Java source
   * @return the jar's path
   */
  public static Path write(Path directory, String name, String className, String source)
      throws IOException {
    Path sources = Files.createTempDirectory("job-jar-src");
    Path classes = Files.createTempDirectory("job-jar-classes");
    Path file = sources.resolve(className.replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    compile(file, classes);
    Path jar = directory.resolve(name + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path compiled : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(compiled).toString().replace('\\', '/')));
        Files.copy(compiled, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry(SERVICE));
      write(out, className + "\n");
      out.closeEntry();
    }
    return jar;
  }

  private static void compile(Path file, Path classes) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home")
          + ": run the tests on a JDK, not a JRE");
    }
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    List<String> options = List.of("-d", classes.toString(), "-classpath",
        System.getProperty("java.class.path"), file.toString());
    int status = compiler.run(null, errors, errors, options.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("compiling " + file + " failed with status " + status
          + ":\n" + errors.toString(StandardCharsets.UTF_8));
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }
}
