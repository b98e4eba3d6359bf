package io.sluice.flink.stage;

import io.sluice.api.Compute;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.block.ArrowBlockTypeInfo;
import io.sluice.flink.block.TaskAllocators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * One actor of an actor pool: builds its UDF once in {@link #open()}, pinned to the GPUs it takes
 * from its TaskManager's devices (passed in the {@link UdfContext} exactly as the local pool does),
 * and feeds it batches of exactly {@code batchSize} rows; the remainder goes at the end of input.
 * Rows waiting for a full batch when a checkpoint is taken are part of it (operator state), so a
 * job restored from that checkpoint feeds them to the UDF again instead of losing them. Flink calls
 * it from one task thread.
 */
public final class ActorStageOperator extends AbstractStreamOperator<ArrowBlock>
    implements OneInputStreamOperator<ArrowBlock, ArrowBlock>, BoundedOneInput {

  private static final long serialVersionUID = 1L;
  private final String operator;
  private final UdfFactory factory;
  private final double cpus;
  private final double gpus;
  private final int batchSize;
  private transient BufferAllocator allocator;
  private transient ExactBatcher batcher;
  private transient BatchUdf udf;
  private transient int[] devices;
  private final ErrorPolicy errorPolicy;
  private transient OperatorCounters counters;
  private transient UdfCounters udfCounters;
  private transient StageErrors errors;
  private transient ListState<ArrowBlock> pending;
  private transient List<ArrowBlock> restored;

  /**
   * @param errorPolicy what a failing call does: fail the job, or skip its failing rows (see {@link
   *     StageErrors})
   */
  public ActorStageOperator(
      String operator, UdfFactory factory, Compute.Actors compute, ErrorPolicy errorPolicy) {
    this.errorPolicy = errorPolicy;
    this.operator = operator;
    this.factory = factory;
    this.cpus = compute.cpus();
    this.gpus = compute.gpus();
    this.batchSize = compute.batchSize();
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    pending =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>("sluice-pending-rows", ArrowBlockTypeInfo.INSTANCE));
    restored = new ArrayList<>();
    if (context.isRestored()) {
      pending.get().forEach(restored::add);
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    allocator = TaskAllocators.child(operator + "#" + subtask);
    batcher = new ExactBatcher(batchSize);
    devices =
        TaskManagerGpus.acquire(
            operator, getRuntimeContext().getExternalResourceInfos("gpu"), gpus);
    udf = factory.create(new UdfContext(operator, subtask, cpus, devices, gpus));
    counters = new OperatorCounters(getRuntimeContext(), operator);
    udfCounters = new UdfCounters();
    getRuntimeContext().addAccumulator(operator + "|" + UdfCounters.NAME, udfCounters);
    errors = new StageErrors(getRuntimeContext(), operator, errorPolicy);
    for (ArrowBlock b : restored) {
      batcher.add(b.decode(allocator));
    }
    restored = null;
  }

  /** The rows still waiting for a full batch become this subtask's state (and stay queued). */
  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    VectorSchemaRoot rest = batcher.rest(allocator);
    if (rest == null) {
      pending.clear();
      return;
    }
    ArrowBlock block = ArrowBlock.encode(rest);
    batcher.add(rest); // the queue was empty: order is kept
    pending.update(List.of(block));
  }

  @Override
  public void processElement(StreamRecord<ArrowBlock> element) throws Exception {
    batcher.add(element.getValue().decode(allocator));
    VectorSchemaRoot batch;
    while ((batch = batcher.next(allocator)) != null) {
      apply(batch);
    }
  }

  @Override
  public void endInput() throws Exception {
    VectorSchemaRoot rest = batcher.rest(allocator);
    if (rest != null) {
      apply(rest);
    }
  }

  private void apply(VectorSchemaRoot batch) throws Exception {
    try (batch) {
      UdfCall.apply(
          udf,
          batch,
          allocator,
          block -> output.collect(new StreamRecord<>(block)),
          counters,
          errors);
    }
    Map<String, Long> latest = udf.counters();
    if (!latest.isEmpty()) {
      udfCounters.add(latest);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (udf != null) {
        udf.close();
      }
    } finally {
      if (devices != null) {
        TaskManagerGpus.release(devices, gpus);
      }
      if (batcher != null) {
        batcher.close();
      }
      if (allocator != null) {
        allocator.close();
      }
      super.close();
    }
  }
}
