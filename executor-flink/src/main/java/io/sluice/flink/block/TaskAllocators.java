package io.sluice.flink.block;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Arrow memory inside a TaskManager: one root per JVM (a TaskManager runs many subtasks, Arrow
 * wants one root), a named child per operator subtask. Closing a child fails when its operator
 * leaked.
 */
public final class TaskAllocators {

  private static final RootAllocator ROOT = new RootAllocator(Long.MAX_VALUE);

  private TaskAllocators() {}

  /**
   * A child allocator for one operator subtask; the subtask closes it in its own {@code close()}.
   */
  public static BufferAllocator child(String name) {
    return ROOT.newChildAllocator(name, 0, Long.MAX_VALUE);
  }
}
