package io.sluice.flink.stage;

import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.block.TaskAllocators;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Cuts blocks into pieces of at most {@code rows} rows (an actor pool's batch size) on the sending
 * side of the edge into the pool, so a round-robin exchange spreads a few large blocks over every
 * actor instead of handing each block whole to one of them; the pool's own batcher joins the pieces
 * back into exact batches. Stateless: a block is cut as it comes, nothing is held across blocks or
 * checkpoints.
 */
public final class BatchSlicer extends RichFlatMapFunction<ArrowBlock, ArrowBlock> {

  /** About the most IPC bytes of one piece (a piece holds at least one row). */
  public static final long MAX_PIECE_BYTES = 1 << 20;

  private static final long serialVersionUID = 1L;
  private final String operator;
  private final int rows;
  private transient BufferAllocator allocator;

  /**
   * @param operator the pool's name, for the allocator
   * @param rows the most rows per piece, at least 1
   */
  public BatchSlicer(String operator, int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be >= 1, got " + rows);
    }
    this.operator = operator;
    this.rows = rows;
  }

  @Override
  public void open(OpenContext context) {
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    allocator = TaskAllocators.child(operator + "-slice#" + subtask);
  }

  @Override
  public void flatMap(ArrowBlock block, Collector<ArrowBlock> out) {
    int n = block.rows();
    long bytesPerRow = Math.max(1, block.ipc().length / Math.max(1, n));
    int step = (int) Math.max(1, Math.min(rows, MAX_PIECE_BYTES / bytesPerRow));
    if (n <= step) {
      out.collect(block);
      return;
    }
    try (VectorSchemaRoot batch = block.decode(allocator)) {
      for (int start = 0; start < n; start += step) {
        try (VectorSchemaRoot piece = batch.slice(start, Math.min(step, n - start))) {
          out.collect(ArrowBlock.encode(piece));
        }
      }
    }
  }

  @Override
  public void close() {
    if (allocator != null) {
      allocator.close();
    }
  }
}
