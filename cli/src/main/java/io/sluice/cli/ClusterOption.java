package io.sluice.cli;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Sluice;
import io.sluice.cli.job.JobFileException;
import io.sluice.cli.job.ResolvedJob;
import io.sluice.cli.job.YamlDocument;
import io.sluice.flink.FlinkCluster;
import io.sluice.flink.FlinkSluice;
import io.sluice.flink.JobJars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.PicocliException;

/**
 * {@code --cluster HOST:PORT}, mixed into job commands: where the job runs. Absent, in this JVM
 * ({@code Sluice.local}); present, on that Flink session cluster's REST endpoint, shipping this
 * launcher's jars with the job.
 */
final class ClusterOption {

  @Option(
      names = "--cluster",
      paramLabel = "HOST:PORT",
      description =
          "Run on this Flink session cluster (JobManager REST endpoint, e.g. 127.0.0.1:8081;"
              + " see 'sluice cluster start') instead of in this JVM.")
  String address;

  /** A session on the chosen backend. */
  Sluice open(ExecutionOptions options) {
    return open(options, List.of());
  }

  /** A session on the chosen backend; a cluster's jobs also ship {@code userJars} (--jar). */
  Sluice open(ExecutionOptions options, List<Path> userJars) {
    if (address == null) {
      // fail now with the numbers, not with an OOM kill later (an auto budget is sized to fit by
      // the backend)
      options.resources().memoryBudgetBytes().ifPresent(MemoryFit::check);
      return Sluice.local(options);
    }
    return FlinkSluice.on(remote(address, userJars), options);
  }

  /** IllegalArgumentException (a usage error) unless {@code address} is HOST:PORT. */
  static void check(String address) {
    int colon = address.lastIndexOf(':');
    try {
      if (colon <= 0 || Integer.parseInt(address.substring(colon + 1)) <= 0) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--cluster must be HOST:PORT, got '" + address + "'");
    }
  }

  /**
   * On a cluster a relative path would resolve in the cluster's processes, not beside the job file:
   * a JobFileException (exit 2) names the first one.
   */
  static void checkPaths(ResolvedJob job) {
    List<String> pointers = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    List<String> sources = job.spec().source().paths();
    for (int i = 0; i < sources.size(); i++) {
      pointers.add(
          job.resolved().at("/source/paths").isArray() ? "/source/paths/" + i : "/source/paths");
      paths.add(sources.get(i));
    }
    pointers.add("/sink/path");
    paths.add(job.spec().sink().path());
    for (int i = 0; i < paths.size(); i++) {
      String p = paths.get(i);
      if (!p.startsWith("/") && !p.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
        String pointer = pointers.get(i);
        throw new JobFileException(
            job.file(),
            job.lineOf(pointer),
            YamlDocument.key(pointer),
            "'"
                + p
                + "' is relative; with"
                + " --cluster, paths must be absolute or URIs (they are opened by the cluster's processes)");
      }
    }
  }

  /** The backend's name in run reports: {@code local}, or {@code flink HOST:PORT}. */
  String backendName() {
    return address == null ? "local" : "flink " + address;
  }

  /**
   * The Flink session cluster at {@code address} (HOST:PORT), whose jobs ship this JVM's class path
   * and {@code userJars}.
   */
  static FlinkCluster remote(String address, List<Path> userJars) {
    int colon = address.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (RuntimeException e) {
      throw new PicocliException("--cluster must be HOST:PORT, got '" + address + "'");
    }
    if (colon <= 0) {
      throw new PicocliException("--cluster must be HOST:PORT, got '" + address + "'");
    }
    List<Path> jars = new ArrayList<>(userJars);
    jars.addAll(JobJars.fromClassPath());
    return FlinkCluster.remote(address.substring(0, colon), port, 2, jars);
  }
}
