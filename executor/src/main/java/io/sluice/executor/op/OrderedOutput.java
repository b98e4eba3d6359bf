package io.sluice.executor.op;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The output queue of an operator whose tasks are numbered in dispatch order. When order is
 * preserved, blocks of task {@code n} are released only after every task before {@code n}
 * completed; the oldest running task's blocks stream out as they come. Otherwise blocks are
 * released at once. Loop thread only.
 */
public final class OrderedOutput {

  private final boolean ordered;
  private final ArrayDeque<Block> ready = new ArrayDeque<>();
  private final Map<Long, List<Block>> held = new HashMap<>();
  private final Map<Long, Boolean> completed = new HashMap<>();
  private long head;
  private long readyBytes;

  public OrderedOutput(boolean ordered) {
    this.ordered = ordered;
  }

  /** Adds a block produced by task {@code seq}. */
  public void add(long seq, Block block) {
    if (!ordered || seq == head) {
      push(block);
    } else {
      held.computeIfAbsent(seq, k -> new ArrayList<>()).add(block);
    }
  }

  /** Marks task {@code seq} complete: no more blocks will come from it. */
  public void complete(long seq) {
    if (!ordered) {
      return;
    }
    completed.put(seq, true);
    while (completed.remove(head) != null) {
      head++;
      List<Block> next = held.remove(head);
      if (next != null) {
        next.forEach(this::push);
      }
    }
  }

  private void push(Block b) {
    ready.add(b);
    readyBytes += b.bytes();
  }

  public boolean hasReady() {
    return !ready.isEmpty();
  }

  public Block take() {
    Block b = ready.poll();
    readyBytes -= b.bytes();
    return b;
  }

  /** Whether nothing is ready or held. */
  public boolean isEmpty() {
    return ready.isEmpty() && held.isEmpty();
  }

  public long readyBytes() {
    return readyBytes;
  }

  /** Closes every block still queued. */
  public void clear() {
    ready.forEach(Block::close);
    ready.clear();
    held.values().forEach(l -> l.forEach(Block::close));
    held.clear();
    readyBytes = 0;
  }
}
