package io.sluice.api.udf;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a UDF instance is given when it is built: which worker or actor it serves, the devices it is
 * pinned to, and the objects its backend shares among UDF instances.
 *
 * @param operator name of the operator the instance belongs to
 * @param workerIndex 0-based index of the actor (or worker thread) within its pool
 * @param cpus logical CPU slots the instance may use (size intra-op threads from this)
 * @param gpuIds device ids the instance is pinned to; empty on CPU
 * @param gpuFraction share of each device this instance holds (0.25 = four actors share a device)
 * @param resources what the backend shares among its UDF instances (not part of equality)
 */
public record UdfContext(
    String operator,
    int workerIndex,
    double cpus,
    int[] gpuIds,
    double gpuFraction,
    SharedResources resources) {

  public UdfContext {
    gpuIds = gpuIds.clone();
    Objects.requireNonNull(resources, "resources");
  }

  /** A context outside any backend: it shares {@link SharedResources#process()}. */
  public UdfContext(
      String operator, int workerIndex, double cpus, int[] gpuIds, double gpuFraction) {
    this(operator, workerIndex, cpus, gpuIds, gpuFraction, SharedResources.process());
  }

  /** A context for a CPU worker outside any backend. */
  public static UdfContext cpu(String operator, int workerIndex, double cpus) {
    return new UdfContext(operator, workerIndex, cpus, new int[0], 0.0);
  }

  /** The same context sharing {@code resources}. */
  public UdfContext withResources(SharedResources resources) {
    return new UdfContext(operator, workerIndex, cpus, gpuIds, gpuFraction, resources);
  }

  @Override
  public int[] gpuIds() {
    return gpuIds.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UdfContext c
        && c.operator.equals(operator)
        && c.workerIndex == workerIndex
        && c.cpus == cpus
        && Arrays.equals(c.gpuIds, gpuIds)
        && c.gpuFraction == gpuFraction;
  }

  @Override
  public int hashCode() {
    return 31 * operator.hashCode() + 17 * workerIndex + Arrays.hashCode(gpuIds);
  }

  @Override
  public String toString() {
    return operator
        + "#"
        + workerIndex
        + "(cpus="
        + cpus
        + ", gpus="
        + Arrays.toString(gpuIds)
        + ")";
  }
}
