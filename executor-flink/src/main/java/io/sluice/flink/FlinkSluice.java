package io.sluice.flink;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Sluice;

/**
 * The typed way onto a Flink cluster; the program after it is the same as on {@code
 * Sluice.local()}.
 *
 * <pre>{@code
 * try (FlinkCluster cluster = FlinkCluster.remote("127.0.0.1", 8081);
 *      Sluice sluice = FlinkSluice.on(cluster)) {
 *   sluice.readParquet("in/").map(...).writeParquet("out/");
 * }
 * }</pre>
 */
public final class FlinkSluice {

  private FlinkSluice() {}

  /** A session on {@code cluster}; closing the session leaves the cluster to its owner. */
  public static Sluice on(FlinkCluster cluster) {
    return on(cluster, ExecutionOptions.defaults());
  }

  public static Sluice on(FlinkCluster cluster, ExecutionOptions options) {
    return Sluice.on(new FlinkBackend(cluster, options, false));
  }
}
