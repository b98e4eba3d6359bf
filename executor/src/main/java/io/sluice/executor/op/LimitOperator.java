package io.sluice.executor.op;

import io.sluice.api.arrow.Batches;

/**
 * Passes the first {@code limit} rows through (slicing the block that crosses the limit). Once they
 * have left it is finished while its input is not, which makes the job cancel everything upstream,
 * so reading stops early. Runs no tasks.
 */
public final class LimitOperator extends AbstractOperator {

  private long remaining;

  public LimitOperator(String name, long limit) {
    super(name, 1);
    this.remaining = limit;
  }

  @Override
  public void addInput(int port, Block block) {
    metrics.input(block);
    changed();
    if (remaining <= 0 || cancelled) {
      block.close();
      return;
    }
    if (block.rows() <= remaining) {
      remaining -= block.rows();
      output.add(0, block);
      return;
    }
    Block head =
        new Block(Batches.slice(block.data(), 0, (int) remaining, ctx.allocator()), block.split());
    block.close();
    remaining = 0;
    output.add(0, head);
  }

  @Override
  public Blocked blocked() {
    return allInputsDone() || remaining <= 0
        ? Blocked.DONE
        : blockedBy(BlockingReason.WAITING_FOR_INPUT);
  }

  @Override
  public boolean isFinished() {
    return (allInputsDone() || remaining <= 0 || cancelled) && output.isEmpty();
  }

  @Override
  protected long queuedInputBytes() {
    return 0;
  }

  @Override
  protected String describeState() {
    return remaining + " rows still wanted";
  }

  @Override
  public void close() {
    output.clear();
  }
}
