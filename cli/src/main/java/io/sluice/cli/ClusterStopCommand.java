package io.sluice.cli;

import io.sluice.flink.cluster.ClusterState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Stops exactly the processes {@code sluice cluster start} recorded, by pid. */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = "Stop the cluster's processes.")
final class ClusterStopCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand ClusterCommand parent;

  @Override
  public Integer call() {
    int stopped = ClusterState.stop(parent.stateDir);
    spec.commandLine()
        .getOut()
        .printf(
            "stopped %d Flink process(es) started from %s%n",
            stopped, parent.stateDir.toAbsolutePath());
    return 0;
  }
}
