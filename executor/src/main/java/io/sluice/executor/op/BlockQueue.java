package io.sluice.executor.op;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator's input queue with its byte count; {@link #takeBundle} cuts the next task's input:
 * consecutive blocks up to a byte limit (at least one), never mixing read splits. Loop thread only.
 */
final class BlockQueue {

  private final ArrayDeque<Block> blocks = new ArrayDeque<>();
  private long bytes;

  void add(Block b) {
    blocks.add(b);
    bytes += b.bytes();
  }

  boolean isEmpty() {
    return blocks.isEmpty();
  }

  /** The next block, or null. */
  Block peek() {
    return blocks.peek();
  }

  int size() {
    return blocks.size();
  }

  long bytes() {
    return bytes;
  }

  /**
   * Removes and returns the next bundle: at least one block, more while they fit {@code maxBytes}.
   */
  List<Block> takeBundle(long maxBytes) {
    List<Block> bundle = new ArrayList<>();
    long taken = 0;
    while (!blocks.isEmpty()
        && (bundle.isEmpty()
            || (taken + blocks.peek().bytes() <= maxBytes
                && blocks.peek().sameSplit(bundle.get(0))))) {
      Block b = blocks.poll();
      taken += b.bytes();
      bundle.add(b);
    }
    bytes -= taken;
    return bundle;
  }

  /** Closes every queued block. */
  void clear() {
    blocks.forEach(Block::close);
    blocks.clear();
    bytes = 0;
  }

  @Override
  public String toString() {
    return blocks.size() + " blocks queued (" + bytes + " B)";
  }
}
