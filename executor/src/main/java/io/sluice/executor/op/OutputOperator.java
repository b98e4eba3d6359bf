package io.sluice.executor.op;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * The job's end when a caller iterates the output: blocks wait in a thread-safe queue for the
 * consumer thread. They stay accounted to the producing operator until the consumer takes them, so
 * a slow consumer backpressures the pipeline instead of growing memory. Runs no tasks.
 */
public final class OutputOperator extends AbstractOperator {

  private final LinkedBlockingQueue<Block> consumerQueue = new LinkedBlockingQueue<>();

  public OutputOperator(String name) {
    super(name, 1);
  }

  @Override
  public void addInput(int port, Block block) {
    if (cancelled) {
      block.close();
      return;
    }
    metrics.input(block);
    metrics.output(block);
    consumerQueue.add(block);
  }

  /** The consumer's end of the queue (any thread). */
  public LinkedBlockingQueue<Block> consumerQueue() {
    return consumerQueue;
  }

  @Override
  public Blocked blocked() {
    return allInputsDone() ? Blocked.DONE : blockedBy(BlockingReason.WAITING_FOR_INPUT);
  }

  @Override
  public boolean hasOutput() {
    return false;
  }

  @Override
  public boolean isFinished() {
    return allInputsDone();
  }

  @Override
  protected long queuedInputBytes() {
    long b = 0;
    for (Block x : consumerQueue) {
      b += x.bytes();
    }
    return b;
  }

  @Override
  public void cancel() {
    super.cancel();
    Block b;
    while ((b = consumerQueue.poll()) != null) {
      b.close();
    }
  }

  @Override
  protected String describeState() {
    return consumerQueue.size() + " blocks waiting for the consumer";
  }

  @Override
  public void close() {
    cancel();
  }
}
