package io.sluice.executor.run;

import io.sluice.executor.op.Block;
import io.sluice.executor.op.Blocked;
import io.sluice.executor.op.BlockingReason;
import io.sluice.executor.op.ChangeSignal;
import io.sluice.executor.op.MetricsSnapshot;
import io.sluice.executor.op.OperatorContext;
import io.sluice.executor.op.OperatorSpec;
import io.sluice.executor.op.OperatorStatsView;
import io.sluice.executor.op.PhysicalOperator;

/**
 * An operator whose answers the test sets: its reason, running tasks, queued and next-task bytes
 * and metrics. It counts every call that may change state, so a test can prove a caller only read.
 * {@link #nextTask} records its cap and counts one more running task.
 */
final class FakeOperator implements PhysicalOperator {

  private final OperatorSpec spec;
  private final ChangeSignal signal = new ChangeSignal();
  BlockingReason reason = BlockingReason.NOT_BLOCKED;
  int running;
  long queued;
  long nextInput;
  boolean finished;
  MetricsSnapshot metrics = MetricsSnapshot.EMPTY;
  int tasksStarted;
  long lastCap = -1;
  int turns;
  int mutations;

  FakeOperator(String name, double cpus, int ports) {
    this.spec = new OperatorSpec(name, cpus, 0, ports, true);
  }

  @Override
  public OperatorSpec spec() {
    return spec;
  }

  private final OperatorStatsView view =
      new OperatorStatsView() {
        @Override
        public MetricsSnapshot metrics() {
          return metrics;
        }

        @Override
        public int runningTasks() {
          return running;
        }

        @Override
        public long queuedInputBytes() {
          return queued;
        }

        @Override
        public long nextTaskInputBytes() {
          return nextInput;
        }

        @Override
        public String describeState() {
          return reason + ", " + running + " running";
        }
      };

  @Override
  public OperatorStatsView stats() {
    return view;
  }

  @Override
  public void start(OperatorContext context) {
    mutations++;
  }

  @Override
  public void addInput(int port, Block block) {
    mutations++;
    block.close();
  }

  @Override
  public void inputDone(int port) {
    mutations++;
  }

  @Override
  public void onTurn() {
    turns++;
  }

  @Override
  public Blocked blocked() {
    return signal.blocked(reason);
  }

  @Override
  public void nextTask(long maxInputBytes) {
    tasksStarted++;
    running++;
    lastCap = maxInputBytes;
  }

  @Override
  public boolean hasOutput() {
    return false;
  }

  @Override
  public Block takeOutput() {
    throw new IllegalStateException("no output");
  }

  @Override
  public boolean isFinished() {
    return finished;
  }

  @Override
  public void cancel() {
    mutations++;
  }

  @Override
  public void close() {
    mutations++;
  }
}
