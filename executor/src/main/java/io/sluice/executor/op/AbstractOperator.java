package io.sluice.executor.op;

import io.sluice.api.JobStats.ActorState;
import io.sluice.api.JobStats.UdfHeap;
import io.sluice.api.OperatorException;
import java.util.List;
import java.util.Optional;

/**
 * What every operator shares: its spec, context, metrics, input-port bookkeeping, an ordered output
 * queue, the future behind its {@link Blocked} answers, and cancellation. Subclasses add their
 * queue and task logic, and call {@link #changed()} whenever something their {@code blocked()}
 * reads changed. Loop thread only, except where a method says otherwise.
 */
public abstract class AbstractOperator implements PhysicalOperator {

  private final OperatorSpec spec;
  private final boolean[] portDone;
  private final ChangeSignal signal = new ChangeSignal();
  private final OperatorStatsView view = new View();
  protected final OperatorMetrics metrics = new OperatorMetrics();
  protected OperatorContext ctx;
  protected OrderedOutput output;
  protected int running;

  /** Read by task threads to stop early. */
  protected volatile boolean cancelled;

  protected AbstractOperator(OperatorSpec spec) {
    this.spec = spec;
    this.portDone = new boolean[spec.inputPorts()];
  }

  /** An operator that runs no tasks. */
  protected AbstractOperator(String name, int inputPorts) {
    this(new OperatorSpec(name, 0, 0, inputPorts, false));
  }

  @Override
  public final OperatorSpec spec() {
    return spec;
  }

  @Override
  public final OperatorStatsView stats() {
    return view;
  }

  /** Its name, for messages. */
  protected final String name() {
    return spec.name();
  }

  @Override
  public void start(OperatorContext context) {
    this.ctx = context;
    this.output = new OrderedOutput(context.options().blocks().preserveOrder());
  }

  /**
   * Consumers override this. The loop feeds only ports below {@link OperatorSpec#inputPorts()}, so
   * for a source it is never called; a call anyway is a wiring bug.
   */
  @Override
  public void addInput(int port, Block block) {
    block.close();
    throw new IndexOutOfBoundsException(
        spec.name() + " has " + spec.inputPorts() + " input ports, not " + (port + 1));
  }

  @Override
  public void inputDone(int port) {
    portDone[port] = true;
    changed();
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

  /** Nothing to do unprompted, unless a subclass says otherwise. */
  @Override
  public void onTurn() {}

  /**
   * The {@link Blocked} value for {@code reason}; its future completes at the next {@link
   * #changed()}.
   */
  protected final Blocked blockedBy(BlockingReason reason) {
    return signal.blocked(reason);
  }

  /** Something {@code blocked()} reads changed: completes the future of the last answer. */
  protected final void changed() {
    signal.changed();
  }

  @Override
  public void nextTask(long maxInputBytes) {
    throw new IllegalStateException(spec.name() + " runs no tasks");
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
    changed();
  }

  // ------------------------------------------- what stats() shows (see OperatorStatsView)

  /** See {@link OperatorStatsView#queuedInputBytes()}. */
  protected abstract long queuedInputBytes();

  /** See {@link OperatorStatsView#describeState()}. */
  protected abstract String describeState();

  /** See {@link OperatorStatsView#nextTaskInputBytes()}; 0 for operators that run no tasks. */
  protected long nextTaskInputBytes() {
    return 0;
  }

  /** See {@link OperatorStatsView#minTaskInputBytes()}. */
  protected long minTaskInputBytes() {
    return nextTaskInputBytes();
  }

  /** See {@link OperatorStatsView#spilledBytes()} (any thread). */
  protected long spilledBytes() {
    return 0;
  }

  /** See {@link OperatorStatsView#expectedRows()}. */
  protected long expectedRows() {
    return -1;
  }

  /** See {@link OperatorStatsView#udfHeap()} (any thread); operators that run a UDF measure it. */
  protected Optional<UdfHeap> udfHeap() {
    return Optional.empty();
  }

  /** See {@link OperatorStatsView#actors()}. */
  protected List<ActorState> actors() {
    return List.of();
  }

  /** The read-only face of this operator; delegates, holds nothing. */
  private final class View implements OperatorStatsView {
    @Override
    public MetricsSnapshot metrics() {
      return metrics.snapshot();
    }

    @Override
    public int runningTasks() {
      return running;
    }

    @Override
    public long queuedInputBytes() {
      return AbstractOperator.this.queuedInputBytes();
    }

    @Override
    public long nextTaskInputBytes() {
      return AbstractOperator.this.nextTaskInputBytes();
    }

    @Override
    public long minTaskInputBytes() {
      return AbstractOperator.this.minTaskInputBytes();
    }

    @Override
    public long spilledBytes() {
      return AbstractOperator.this.spilledBytes();
    }

    @Override
    public long expectedRows() {
      return AbstractOperator.this.expectedRows();
    }

    @Override
    public String describeState() {
      return AbstractOperator.this.describeState();
    }

    @Override
    public Optional<UdfHeap> udfHeap() {
      return AbstractOperator.this.udfHeap();
    }

    @Override
    public List<ActorState> actors() {
      return AbstractOperator.this.actors();
    }

    @Override
    public String toString() {
      return spec.name() + ": " + describeState();
    }
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
    return new OperatorException(spec.name(), what + ": " + msg, t);
  }
}
