package io.sluice.cli;

import io.sluice.flink.cluster.ClusterState;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Lists the processes {@code sluice cluster start} recorded and whether each still runs; exit 1
 * when none does.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show the cluster's processes.")
final class ClusterStatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand ClusterCommand parent;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<ClusterState.Process> procs = ClusterState.processes(parent.stateDir);
    if (procs.isEmpty()) {
      out.println("no cluster was started from " + parent.stateDir.toAbsolutePath());
      return 1;
    }
    ClusterState.restAddress(parent.stateDir).ifPresent(a -> out.println("REST address: " + a));
    for (ClusterState.Process p : procs) {
      out.printf("%-12s pid %-8d %s%n", p.id(), p.pid(), p.alive() ? "running" : "not running");
    }
    return procs.stream().anyMatch(ClusterState.Process::alive) ? 0 : 1;
  }
}
