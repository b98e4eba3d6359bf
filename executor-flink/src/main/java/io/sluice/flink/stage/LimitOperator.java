package io.sluice.flink.stage;

import io.sluice.api.arrow.Batches;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.block.TaskAllocators;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A global row limit (run with parallelism 1): passes blocks until {@code limit} rows went out,
 * cuts the block that crosses it, drops the rest. Upstream stages still run to their end. The count
 * of rows passed is checkpointed, so a restored job does not pass {@code limit} more.
 */
public final class LimitOperator extends AbstractStreamOperator<ArrowBlock>
    implements OneInputStreamOperator<ArrowBlock, ArrowBlock> {

  private static final long serialVersionUID = 1L;
  private final String operator;
  private final long limit;
  private transient long emitted;
  private transient ListState<Long> emittedState;

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    emittedState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("sluice-limit-emitted", Types.LONG));
    for (Long e : emittedState.get()) {
      emitted += e;
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    emittedState.update(List.of(emitted));
  }

  public LimitOperator(String operator, long limit) {
    this.operator = operator;
    this.limit = limit;
  }

  @Override
  public void processElement(StreamRecord<ArrowBlock> element) {
    ArrowBlock block = element.getValue();
    long left = limit - emitted;
    if (left <= 0) {
      return;
    }
    if (block.rows() <= left) {
      emitted += block.rows();
      output.collect(element);
      return;
    }
    try (BufferAllocator allocator = TaskAllocators.child(operator);
        VectorSchemaRoot batch = block.decode(allocator);
        VectorSchemaRoot head = Batches.slice(batch, 0, (int) left, allocator)) {
      emitted += left;
      output.collect(new StreamRecord<>(ArrowBlock.encode(head)));
    }
  }
}
