package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice cluster ...} without starting one (executor-flink's StandaloneClusterTest starts
 * real processes): the state it reads, the safety rule of stop, and the errors of bad arguments.
 */
class ClusterCommandTest {

  @TempDir Path dir;

  @Test
  void statusOfAStateDirWithoutAClusterSaysSoAndFails() {
    CliRun run = CliRun.of("cluster", "status", "--state-dir", dir.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("no cluster was started from " + dir);
  }

  @Test
  void stopLeavesAloneAPidThatIsNotOneOfTheClustersJvms() throws Exception {
    // This test's own JVM under a recorded pid: it lacks the cluster's marker flag, so it must
    // survive.
    Files.writeString(dir.resolve("pids"), "jobmanager " + ProcessHandle.current().pid() + "\n");
    CliRun status = CliRun.of("cluster", "status", "--state-dir", dir.toString());
    assertThat(status.out()).contains("jobmanager").contains("not running");
    CliRun stop = CliRun.of("cluster", "stop", "--state-dir", dir.toString());
    assertThat(stop.exitCode()).isZero();
    assertThat(stop.out()).contains("stopped 0 Flink process(es)");
    assertThat(dir.resolve("pids")).doesNotExist();
  }

  @Test
  void startWithoutTaskManagersIsAUsageError() {
    CliRun run =
        CliRun.of("cluster", "start", "--task-managers", "0", "--state-dir", dir.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("at least one TaskManager");
  }

  @Test
  void badClusterAddressNamesTheOption() {
    CliRun run = CliRun.of("engine-demo", "--cluster", "no-port-here", "--rows", "10");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--cluster must be HOST:PORT").contains("no-port-here");
  }
}
