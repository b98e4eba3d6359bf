package io.sluice.executor.op;

import io.sluice.api.OperatorException;

/**
 * What every operator shares: name, context, metrics, input-port bookkeeping, an ordered output
 * queue and cancellation. Subclasses add their queue and task logic. Loop thread only, except where
 * a method says otherwise.
 */
public abstract class AbstractOperator implements PhysicalOperator {

  private final String name;
  private final int inputPorts;
  private final boolean[] portDone;
  protected final OperatorMetrics metrics = new OperatorMetrics();
  protected OperatorContext ctx;
  protected OrderedOutput output;
  protected int running;
  /** Read by task threads to stop early. */
  protected volatile boolean cancelled;

  protected AbstractOperator(String name, int inputPorts) {
    this.name = name;
    this.inputPorts = inputPorts;
    this.portDone = new boolean[inputPorts];
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int inputPorts() {
    return inputPorts;
  }

  @Override
  public void start(OperatorContext context) {
    this.ctx = context;
    this.output = new OrderedOutput(context.options().preserveOrder());
  }

  @Override
  public void inputDone(int port) {
    portDone[port] = true;
  }

  protected boolean portDone(int port) {
    return portDone[port];
  }

  /** Whether every input port is done (true for sources). */
  protected boolean allInputsDone() {
    for (boolean d : portDone) {
      if (!d) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int runningTasks() {
    return running;
  }

  @Override
  public double taskCpus() {
    return 0;
  }

  @Override
  public long estimatedTaskOutputBytes() {
    return 0;
  }

  @Override
  public void dispatch() {
    throw new IllegalStateException(name + " runs no tasks");
  }

  @Override
  public boolean hasOutput() {
    return output.hasReady();
  }

  @Override
  public Block takeOutput() {
    Block b = output.take();
    metrics.output(b);
    return b;
  }

  @Override
  public void cancel() {
    cancelled = true;
    for (int i = 0; i < portDone.length; i++) {
      portDone[i] = true;
    }
    output.clear();
  }

  @Override
  public OperatorMetrics metrics() {
    return metrics;
  }

  /** Called (on the loop thread) with a block a task produced; dropped when cancelled meanwhile. */
  protected void onTaskOutput(long seq, Block block) {
    if (cancelled) {
      block.close();
    } else {
      output.add(seq, block);
    }
  }

  /** Wraps a task failure so the message names this operator and what it was processing. */
  protected OperatorException failure(String what, Throwable t) {
    if (t instanceof OperatorException oe) {
      return oe;
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return new OperatorException(name, what + ": " + msg, t);
  }
}
