package io.sluice.flink;

import io.sluice.api.SluiceException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The jars a job ships to a remote cluster: this JVM's class path minus Flink's own jars (the
 * cluster has them, and two copies of Flink in one class loader break it). Class directories (an
 * IDE or Maven build's {@code target/classes}) are packed into temporary jars once per JVM.
 */
public final class JobJars {

  private static List<Path> cached;

  private JobJars() {}

  public static synchronized List<Path> fromClassPath() {
    if (cached == null) {
      List<Path> jars = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        if (entry.isBlank()) {
          continue;
        }
        Path p = Path.of(entry);
        String name = p.getFileName().toString();
        if (Files.isDirectory(p)) {
          jars.add(pack(p));
        } else if (name.endsWith(".jar") && Files.isRegularFile(p) && !isFlink(name)) {
          jars.add(p);
        }
      }
      cached = List.copyOf(jars);
    }
    return cached;
  }

  private static boolean isFlink(String jarName) {
    return jarName.startsWith("flink-")
        || jarName.startsWith("surefire")
        || jarName.startsWith("junit-")
        || jarName.startsWith("scala-");
  }

  private static Path pack(Path dir) {
    try {
      Path jar = Files.createTempFile("sluice-job-classes-", ".jar");
      jar.toFile().deleteOnExit();
      try (OutputStream os = Files.newOutputStream(jar);
          JarOutputStream out = new JarOutputStream(os);
          Stream<Path> files = Files.walk(dir)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
          out.putNextEntry(
              new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new SluiceException(
          "could not pack class directory "
              + dir
              + " into a jar for the Flink job: "
              + e.getMessage(),
          e);
    }
  }
}
