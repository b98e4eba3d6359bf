package io.sluice.flink.stage;

import io.sluice.api.arrow.Batches;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.block.ArrowBlockTypeInfo;
import io.sluice.flink.block.TaskAllocators;
import io.sluice.operators.sort.RowGather;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The receiving half of an all-to-all that needs all of its partition before it can emit anything
 * (sort, random shuffle, group-by): keeps the blocks it gets as they arrived (IPC bytes, no
 * decoding), and at end of input hands the partition's rows to {@link #finish}, which emits its
 * result in blocks of about the target size. The kept blocks are operator state, so a job restored
 * from a checkpoint has them again. Everything is held in memory (the task's heap for the bytes,
 * its off-heap pool for the final reordering): nothing spills yet.
 */
abstract class WholeInputOperator extends AbstractStreamOperator<ArrowBlock>
    implements OneInputStreamOperator<ArrowBlock, ArrowBlock>, BoundedOneInput {

  private static final long serialVersionUID = 1L;
  protected final String operator;
  private final long targetBlockBytes;
  private transient List<ArrowBlock> kept;
  private transient ListState<ArrowBlock> state;

  WholeInputOperator(String operator, long targetBlockBytes) {
    this.operator = operator;
    this.targetBlockBytes = targetBlockBytes;
  }

  /**
   * Emits the partition's output at end of input, through {@link #emit}. Called once, and only when
   * the partition got rows.
   *
   * @param rows every row the partition got, in arrival order; closed by the caller afterwards
   * @param subtask this operator's subtask (seeds, diagnostics)
   * @param allocator for anything the output needs; closed by the caller afterwards
   */
  protected abstract void finish(VectorSchemaRoot rows, int subtask, BufferAllocator allocator);

  /**
   * Sends {@code rows} downstream in blocks of about the target size, row {@code order[i]} i-th
   * ({@code order} null: as they are). {@code rows} stays the caller's.
   */
  protected final void emit(VectorSchemaRoot rows, int[] order, BufferAllocator allocator) {
    int n = rows.getRowCount();
    long bytes = Math.max(1, Batches.bytes(rows));
    int perBlock = (int) Math.max(1, Math.min(n, (long) n * targetBlockBytes / bytes));
    for (int from = 0; from < n; from += perBlock) {
      int length = Math.min(perBlock, n - from);
      try (VectorSchemaRoot out =
          order == null
              ? Batches.slice(rows, from, length, allocator)
              : RowGather.take(rows, order, from, length, allocator)) {
        output.collect(new StreamRecord<>(ArrowBlock.encode(out)));
      }
    }
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    kept = new ArrayList<>();
    state =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>("sluice-all-to-all-rows", ArrowBlockTypeInfo.INSTANCE));
    if (context.isRestored()) {
      for (ArrowBlock b : state.get()) {
        keep(b);
      }
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    state.update(kept);
  }

  @Override
  public void processElement(StreamRecord<ArrowBlock> element) {
    keep(element.getValue());
  }

  private void keep(ArrowBlock block) {
    if (block.rows() > 0) {
      kept.add(block);
    }
  }

  @Override
  public void endInput() {
    if (kept.isEmpty()) {
      return;
    }
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    try (BufferAllocator allocator = TaskAllocators.child(operator + "#" + subtask)) {
      List<VectorSchemaRoot> parts = new ArrayList<>();
      VectorSchemaRoot all;
      try {
        for (ArrowBlock b : kept) {
          parts.add(b.decode(allocator));
        }
        all = parts.size() == 1 ? parts.remove(0) : Batches.concat(parts, allocator);
      } finally {
        parts.forEach(VectorSchemaRoot::close);
      }
      try (all) {
        finish(all, subtask, allocator);
      }
    }
    kept.clear();
  }
}
