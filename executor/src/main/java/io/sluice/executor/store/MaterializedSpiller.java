package io.sluice.executor.store;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.source.BlocksSource;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Spills the blocks of a materialized dataset: one compressed Arrow IPC file per block, in a
 * directory of its own under the spill directory, read back on every read of the block. Lives as
 * long as the materialized dataset; closing it deletes its files. Thread-safe.
 */
public final class MaterializedSpiller implements BlocksSource.Spiller {

  private final SpillDirectory dir;
  private final BufferAllocator scratch;

  /** @param scratch where a block is staged while written (nothing stays there) */
  public MaterializedSpiller(ExecutionOptions options, String name, BufferAllocator scratch) {
    this.dir = new SpillDirectory(options, name);
    this.scratch = scratch;
  }

  /** Bytes written and read, and time spent doing it. */
  public SpillStats stats() {
    return dir.stats();
  }

  @Override
  public BlocksSource.Kept spill(VectorSchemaRoot block) {
    SpillFile file;
    int rows = block.getRowCount();
    try {
      file = SpillFile.write(dir, "block", List.of(block), scratch);
    } finally {
      block.close();
    }
    return new BlocksSource.Kept() {
      @Override
      public int rows() {
        return rows;
      }

      @Override
      public long bytes() {
        return file.arrowBytes();
      }

      @Override
      public VectorSchemaRoot read(BufferAllocator allocator) {
        try (SpillFile.Reader r = file.open(allocator)) {
          return r.next();
        }
      }

      @Override
      public boolean spilled() {
        return true;
      }

      @Override
      public void close() {
        file.delete();
      }
    };
  }

  @Override
  public void close() {
    dir.close();
  }
}
