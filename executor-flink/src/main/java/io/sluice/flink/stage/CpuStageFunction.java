package io.sluice.flink.stage;

import io.sluice.api.ErrorPolicy;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.block.TaskAllocators;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A stateless CPU stage (fused maps, filter, flatMap, select, rename, mapBatches on tasks): the
 * same {@code operators} stage the local engine runs, one instance per Flink subtask, block in,
 * blocks out. Zero-row outputs are dropped, as locally. Failures are the stage's own {@code
 * OperatorException}s.
 */
public final class CpuStageFunction extends RichFlatMapFunction<ArrowBlock, ArrowBlock> {

  private static final long serialVersionUID = 1L;
  private final String operator;
  private final UdfFactory factory;
  private final double cpus;
  private transient BufferAllocator allocator;
  private transient BatchUdf udf;
  private final ErrorPolicy errorPolicy;
  private transient OperatorCounters counters;
  private transient StageErrors errors;

  /**
   * @param errorPolicy what a failing call does: fail the job, or skip its failing rows (see {@link
   *     StageErrors})
   */
  public CpuStageFunction(
      String operator, UdfFactory factory, double cpus, ErrorPolicy errorPolicy) {
    this.errorPolicy = errorPolicy;
    this.operator = operator;
    this.factory = factory;
    this.cpus = cpus;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    allocator = TaskAllocators.child(operator + "#" + subtask);
    udf = factory.create(UdfContext.cpu(operator, subtask, cpus));
    counters = new OperatorCounters(getRuntimeContext(), operator);
    errors = new StageErrors(getRuntimeContext(), operator, errorPolicy);
  }

  @Override
  public void flatMap(ArrowBlock block, Collector<ArrowBlock> out) throws Exception {
    try (VectorSchemaRoot in = block.decode(allocator)) {
      UdfCall.apply(udf, in, allocator, out::collect, counters, errors);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (udf != null) {
        udf.close();
      }
    } finally {
      if (allocator != null) {
        allocator.close();
      }
    }
  }
}
