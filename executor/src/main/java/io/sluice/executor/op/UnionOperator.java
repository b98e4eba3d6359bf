package io.sluice.executor.op;

import java.util.ArrayDeque;

/**
 * Concatenates its inputs. With order preserved, blocks of input {@code i} are released only once
 * every input before it is done (later inputs wait in their queues, still accounted to their
 * producers, so backpressure holds them); otherwise blocks pass as they come. Runs no tasks.
 */
public final class UnionOperator extends AbstractOperator {

  private final ArrayDeque<Block>[] queues;
  private int current;

  @SuppressWarnings("unchecked")
  public UnionOperator(String name, int inputs) {
    super(name, inputs);
    queues = new ArrayDeque[inputs];
    for (int i = 0; i < inputs; i++) {
      queues[i] = new ArrayDeque<>();
    }
  }

  @Override
  public void addInput(int port, Block block) {
    if (cancelled) {
      block.close();
      return;
    }
    metrics.input(block);
    if (!ctx.options().blocks().preserveOrder() || port == current) {
      output.add(0, block);
    } else {
      queues[port].add(block);
    }
  }

  @Override
  public void inputDone(int port) {
    super.inputDone(port);
    while (current < queues.length && portDone(current)) {
      current++;
      if (current < queues.length) {
        while (!queues[current].isEmpty()) {
          output.add(0, queues[current].poll());
        }
      }
    }
  }

  @Override
  public Blocked blocked() {
    return allInputsDone() ? Blocked.DONE : blockedBy(BlockingReason.WAITING_FOR_INPUT);
  }

  @Override
  public boolean isFinished() {
    return (allInputsDone() || cancelled) && output.isEmpty();
  }

  @Override
  protected long queuedInputBytes() {
    long b = 0;
    for (ArrayDeque<Block> q : queues) {
      for (Block x : q) {
        b += x.bytes();
      }
    }
    return b;
  }

  @Override
  public void cancel() {
    super.cancel();
    for (ArrayDeque<Block> q : queues) {
      q.forEach(Block::close);
      q.clear();
    }
  }

  @Override
  protected String describeState() {
    return "emitting input "
        + current
        + " of "
        + queues.length
        + ", "
        + queuedInputBytes()
        + " B held";
  }

  @Override
  public void close() {
    cancel();
  }
}
