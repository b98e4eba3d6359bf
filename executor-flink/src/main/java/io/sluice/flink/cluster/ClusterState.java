package io.sluice.flink.cluster;

import io.sluice.api.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link StandaloneCluster} left in its state directory, for later commands in other JVMs
 * ({@code sluice cluster status|stop}): the pid of each process it started and the REST address.
 * Stopping touches only those pids, and only while each still carries this directory's marker flag
 * (a pid reused by an unrelated process is left alone).
 */
public final class ClusterState {

  static final String PIDS = "pids";
  static final String REST = "rest-address";

  /** One process of the cluster as recorded, and whether it still runs. */
  public record Process(String id, long pid, boolean alive) {}

  private ClusterState() {}

  /** The recorded processes (empty when no cluster was started from {@code stateDir}). */
  public static List<Process> processes(Path stateDir) {
    Path file = stateDir.resolve(PIDS);
    List<Process> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 2) {
          long pid = Long.parseLong(parts[1]);
          out.add(new Process(parts[0], pid, ours(stateDir, pid).isPresent()));
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new SluiceException(
          "cannot read the cluster's pid file " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** The REST address the cluster printed when it started, if it did. */
  public static Optional<String> restAddress(Path stateDir) {
    try {
      Path f = stateDir.resolve(REST);
      return Files.exists(f) ? Optional.of(Files.readString(f).trim()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static boolean anyAlive(Path stateDir) {
    return processes(stateDir).stream().anyMatch(Process::alive);
  }

  /**
   * Stops the recorded processes (TaskManagers first, the JobManager last); returns how many it
   * stopped.
   */
  public static int stop(Path stateDir) {
    List<Process> procs = processes(stateDir);
    Collections.reverse(procs);
    int stopped = 0;
    for (Process p : procs) {
      Optional<ProcessHandle> h = ours(stateDir, p.pid());
      if (h.isPresent()) {
        h.get().destroy();
        try {
          h.get().onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
          h.get().destroyForcibly();
        }
        stopped++;
      }
    }
    try {
      Files.deleteIfExists(stateDir.resolve(PIDS));
      Files.deleteIfExists(stateDir.resolve(REST));
    } catch (IOException e) {
      throw new SluiceException(
          "stopped the cluster but cannot remove its state files in " + stateDir, e);
    }
    return stopped;
  }

  /** The JVM flag every process of a cluster carries first: which state directory started it. */
  static String marker(Path stateDir) {
    return "-Dsluice.flink.cluster=" + stateDir.toAbsolutePath().normalize();
  }

  /** The live process with that pid when its command line carries this state directory's marker. */
  private static Optional<ProcessHandle> ours(Path stateDir, long pid) {
    String marker = marker(stateDir);
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().commandLine().map(cmd -> cmd.contains(marker + " ")).orElse(false));
  }
}
