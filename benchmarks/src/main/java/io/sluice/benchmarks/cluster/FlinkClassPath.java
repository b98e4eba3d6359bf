package io.sluice.benchmarks.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a benchmark's standalone cluster JVMs run from. */
final class FlinkClassPath {

  private FlinkClassPath() {}

  /** This JVM's class path, jars only: a cluster with Sluice installed, so jobs ship nothing. */
  static List<Path> all() {
    List<Path> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!Files.isDirectory(Path.of(e))) {
        out.add(Path.of(e));
      }
    }
    return out;
  }

  /**
   * This JVM's class path without Sluice's jars and class folders: the cluster runs from Flink's
   * jars alone and every job ships Sluice's, as on a cluster started with plain Flink.
   */
  static List<Path> withoutSluice() {
    return all().stream().filter(p -> !p.getFileName().toString().startsWith("sluice-")).toList();
  }
}
