package io.sluice.flink;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class paths of a test's standalone cluster: the cluster's JVMs run from the test's jars minus
 * every Sluice class, and jobs ship the Sluice jars (and the test classes, packed into a jar), so a
 * job only runs there because the backend ships it.
 */
final class ClusterClassPath {

  private ClusterClassPath() {}

  /**
   * The test JVM's class path without Sluice's own jars and class folders: Flink and its
   * dependencies.
   */
  static List<Path> withoutSluice() {
    List<Path> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e);
      if (Files.isDirectory(p) || p.getFileName().toString().startsWith("sluice-")) {
        continue;
      }
      out.add(p);
    }
    return out;
  }

  /**
   * What a job ships: the Sluice jars and the class folders packed as {@code
   * sluice-job-classes-*.jar}.
   */
  static List<Path> sluiceJars() {
    List<Path> out = new ArrayList<>();
    for (Path jar : JobJars.fromClassPath()) {
      if (jar.getFileName().toString().startsWith("sluice-")) {
        out.add(jar);
      }
    }
    return out;
  }
}
