package io.sluice.inference;

import io.sluice.api.udf.BatchUdf;
import io.sluice.operators.vector.ColumnAppender;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One actor's model instance: a session lease, the window planner and the (double-buffered) model
 * loop. Per input batch (the window): measure each row's token length, plan model batches ({@link
 * BatchPlan}: sorted by length when the spec says so), run them ({@link ModelBatchLoop}), and
 * append the outputs, staged back in the window's original order ({@link WindowOutputs}), to the
 * input columns. Call-order rules are {@link BatchUdf}'s; {@link #close()} stops the helper thread
 * and releases the lease (the cached session itself stays for the next job or actor).
 */
final class OnnxUdf implements BatchUdf {

  private final OnnxModelSpec spec;
  private final SessionLease lease;
  private final ModelBatchLoop loop;
  private final WindowOutputs outputs;
  private final InferenceStats stats = new InferenceStats();
  private int[] lengths = new int[0];
  private boolean[] nulls = new boolean[0];

  OnnxUdf(OnnxModelSpec spec, ModelMetadata metadata, SessionLease lease) {
    this.spec = spec;
    this.lease = lease;
    this.loop = new ModelBatchLoop(spec, metadata, lease, stats);
    this.outputs = new WindowOutputs(spec.outputs, loop.first().outputs().tensors());
  }

  /** The device the session runs on (the CPU after a CUDA fallback). */
  Device device() {
    return lease.device();
  }

  /** This instance's counters (padding, session run and idle time). */
  InferenceStats stats() {
    return stats;
  }

  @Override
  public VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator) {
    long start = System.nanoTime();
    int rows = input.getRowCount();
    if (lengths.length < rows) {
      lengths = new int[rows];
      nulls = new boolean[rows];
    }
    loop.first().inputs().measure(input, lengths, nulls);
    outputs.begin(rows, lengths, nulls);
    BatchPlan plan = BatchPlan.of(lengths, nulls, rows, spec.batching);
    loop.run(input, plan, outputs);
    VectorSchemaRoot out = ColumnAppender.append(input, outputs.columns(allocator), allocator);
    long nanos = System.nanoTime() - start;
    stats.window(nanos);
    return out;
  }

  @Override
  public Map<String, Long> counters() {
    Map<String, Long> counters = stats.snapshot().counters();
    counters.putAll(stats.histogramCounters());
    return counters;
  }

  @Override
  public void close() {
    try {
      loop.close();
    } finally {
      lease.close();
    }
  }
}
