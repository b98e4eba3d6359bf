package io.sluice.executor.op;

import io.sluice.api.arrow.Batches;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The unit of execution: an Arrow batch plus its size. Its buffers stay accounted to the allocator
 * of the operator that produced it until the consumer closes it, so an operator's allocator
 * measures the output it has produced and nobody has consumed yet: the quantity backpressure
 * limits.
 */
public final class Block implements AutoCloseable {

  private final VectorSchemaRoot data;
  private final int rows;
  private final long bytes;
  private final String split;

  public Block(VectorSchemaRoot data) {
    this(data, null);
  }

  /**
   * @param split the read split the rows come from, when the job checkpoints (else null)
   */
  public Block(VectorSchemaRoot data, String split) {
    this.data = data;
    this.rows = data.getRowCount();
    this.bytes = Batches.bytes(data);
    this.split = split;
  }

  /** The read split the rows come from, or null when the job does not checkpoint. */
  public String split() {
    return split;
  }

  /** Whether two blocks may share a batch or a file: same split (or no splits tracked). */
  public boolean sameSplit(Block other) {
    return Objects.equals(split, other.split);
  }

  public VectorSchemaRoot data() {
    return data;
  }

  public int rows() {
    return rows;
  }

  public long bytes() {
    return bytes;
  }

  @Override
  public void close() {
    data.close();
  }

  @Override
  public String toString() {
    return "Block(" + rows + " rows, " + bytes + " B)";
  }
}
