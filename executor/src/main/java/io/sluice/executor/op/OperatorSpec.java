package io.sluice.executor.op;

/**
 * What an operator is, fixed when it is built: the scheduler reads it once.
 *
 * @param name for progress, stats and errors; unique within the job
 * @param cpusPerTask CPU slots one running task (or busy actor) holds; 0 for operators that run no
 *     tasks
 * @param gpusPerTask GPUs (or fractions of one) each of its actors holds; 0 for CPU operators
 * @param inputPorts number of input ports; 0 for sources
 * @param bundlesInput whether a task takes several queued blocks, so the input cap of {@link
 *     PhysicalOperator#nextTask} matters
 */
public record OperatorSpec(
    String name, double cpusPerTask, double gpusPerTask, int inputPorts, boolean bundlesInput) {

  public OperatorSpec {
    if (inputPorts < 0 || cpusPerTask < 0 || gpusPerTask < 0) {
      throw new IllegalArgumentException("operator " + name + ": negative ports or resources");
    }
  }

  /** Whether the operator reads data rather than consuming another operator's output. */
  public boolean source() {
    return inputPorts == 0;
  }

  /** Whether it runs tasks that hold CPU slots. */
  public boolean runsTasks() {
    return cpusPerTask > 0;
  }
}
