package io.sluice.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code sluice cluster start|status|stop}: a local standalone Flink session cluster. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description =
        "Start, inspect or stop a standalone Flink session cluster on 127.0.0.1 (separate JVMs).",
    subcommands = {ClusterStartCommand.class, ClusterStatusCommand.class, ClusterStopCommand.class})
final class ClusterCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Where the cluster's config, logs and pids live (default: ${DEFAULT-VALUE}).")
  Path stateDir = Path.of("sluice-out", "flink-cluster");

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing subcommand: try 'sluice cluster start'");
  }
}
