package io.sluice.api.udf;

import java.util.Arrays;

/**
 * What a UDF instance is given when it is built: which worker or actor it serves and the devices it
 * is pinned to.
 *
 * @param operator name of the operator the instance belongs to
 * @param workerIndex 0-based index of the actor (or worker thread) within its pool
 * @param cpus logical CPU slots the instance may use (size intra-op threads from this)
 * @param gpuIds device ids the instance is pinned to; empty on CPU
 * @param gpuFraction share of each device this instance holds (0.25 = four actors share a device)
 */
public record UdfContext(String operator, int workerIndex, double cpus, int[] gpuIds, double gpuFraction) {

  public UdfContext {
    gpuIds = gpuIds.clone();
  }

  /** A context for a CPU worker. */
  public static UdfContext cpu(String operator, int workerIndex, double cpus) {
    return new UdfContext(operator, workerIndex, cpus, new int[0], 0.0);
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
    return operator + "#" + workerIndex + "(cpus=" + cpus + ", gpus=" + Arrays.toString(gpuIds) + ")";
  }
}
