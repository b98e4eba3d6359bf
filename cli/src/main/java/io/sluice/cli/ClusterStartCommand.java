package io.sluice.cli;

import io.sluice.flink.cluster.StandaloneCluster;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Starts a JobManager plus CPU and GPU TaskManagers as background JVMs from this launcher's jars
 * and returns once they have all registered; they keep running after this command exits.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Start a Flink session cluster (JobManager + TaskManagers) bound to 127.0.0.1.")
final class ClusterStartCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand ClusterCommand parent;

  @Option(
      names = "--task-managers",
      paramLabel = "N",
      description = "CPU-only TaskManagers (default: ${DEFAULT-VALUE}).")
  int taskManagers = 1;

  @Option(
      names = "--gpu-task-managers",
      paramLabel = "M",
      description = "TaskManagers with GPUs (default: ${DEFAULT-VALUE}).")
  int gpuTaskManagers = 0;

  @Option(
      names = "--gpus",
      paramLabel = "G",
      description = "GPUs per GPU TaskManager (default: ${DEFAULT-VALUE}).")
  int gpus = 1;

  @Option(
      names = "--slots",
      paramLabel = "S",
      description = "Task slots per TaskManager (default: ${DEFAULT-VALUE}).")
  int slots = 2;

  @Option(
      names = "--fake-gpus",
      description =
          "GPU TaskManagers advertise SIMULATED GPUs (no hardware needed; for tests"
              + " and demos). Without it they run Flink's GPU discovery plugin, installed under <state-dir>/plugins.")
  boolean fakeGpus;

  @Option(
      names = "--rest-port",
      paramLabel = "PORT",
      description = "The JobManager's REST port (default: ${DEFAULT-VALUE}).")
  int restPort = 8081;

  @Override
  public Integer call() throws Exception {
    if (taskManagers < 0
        || gpuTaskManagers < 0
        || taskManagers + gpuTaskManagers == 0
        || slots < 1
        || gpus < 1) {
      throw new ParameterException(
          spec.commandLine(), "need at least one TaskManager, --slots >= 1 and --gpus >= 1");
    }
    List<Path> classPath = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.isBlank()) {
        classPath.add(Path.of(e).toAbsolutePath());
      }
    }
    StandaloneCluster cluster =
        StandaloneCluster.start(
            new StandaloneCluster.Spec(
                taskManagers,
                gpuTaskManagers,
                gpus,
                slots,
                fakeGpus,
                parent.stateDir,
                classPath,
                restPort));
    // Not closed: the processes outlive this command; `sluice cluster stop` ends them.
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Flink session cluster started: %d CPU TaskManager(s), %d GPU TaskManager(s)%s, %d slots each%n",
        taskManagers,
        gpuTaskManagers,
        gpuTaskManagers == 0
            ? ""
            : " with " + gpus + (fakeGpus ? " SIMULATED" : "") + " GPU(s) each",
        slots);
    out.printf(
        "REST address: 127.0.0.1:%d   web UI: %s   state, logs and pids: %s%n",
        cluster.restPort(), cluster.restAddress(), parent.stateDir.toAbsolutePath());
    out.printf(
        "run a job there: sluice demo --cluster 127.0.0.1:%d   stop it: sluice cluster stop%n",
        cluster.restPort());
    return 0;
  }
}
