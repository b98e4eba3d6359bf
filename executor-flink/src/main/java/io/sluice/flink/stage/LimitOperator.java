package io.sluice.flink.stage;

import io.sluice.api.arrow.Batches;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.block.TaskAllocators;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A global row limit (run with parallelism 1): passes blocks until {@code limit} rows went out, cuts
 * the block that crosses it, drops the rest. Upstream stages still run to their end.
 */
public final class LimitOperator extends AbstractStreamOperator<ArrowBlock>
    implements OneInputStreamOperator<ArrowBlock, ArrowBlock> {

  private static final long serialVersionUID = 1L;
  private final String operator;
  private final long limit;
  private transient long emitted;

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
