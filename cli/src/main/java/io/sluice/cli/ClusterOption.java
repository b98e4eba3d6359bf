package io.sluice.cli;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Sluice;
import io.sluice.flink.FlinkCluster;
import io.sluice.flink.FlinkSluice;
import picocli.CommandLine.Option;

/**
 * {@code --cluster HOST:PORT}, mixed into job commands: where the job runs. Absent, in this JVM
 * ({@code Sluice.local}); present, on that Flink session cluster's REST endpoint, shipping this
 * launcher's jars with the job.
 */
final class ClusterOption {

  @Option(names = "--cluster", paramLabel = "HOST:PORT",
      description = "Run on this Flink session cluster (JobManager REST endpoint, e.g. 127.0.0.1:8081;"
          + " see 'sluice cluster start') instead of in this JVM.")
  String address;

  /** A session on the chosen backend. */
  Sluice open(ExecutionOptions options) {
    if (address == null) {
      return Sluice.local(options);
    }
    int colon = address.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (RuntimeException e) {
      throw new picocli.CommandLine.PicocliException("--cluster must be HOST:PORT, got '" + address + "'");
    }
    if (colon <= 0) {
      throw new picocli.CommandLine.PicocliException("--cluster must be HOST:PORT, got '" + address + "'");
    }
    return FlinkSluice.on(FlinkCluster.remote(address.substring(0, colon), port), options);
  }
}
