package io.sluice.api.source;

import io.sluice.api.arrow.Batches;
import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.Materialized;
import io.sluice.api.spi.ReadTask;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Blocks already computed and kept in memory (the result of {@code materialize()} on a backend that
 * keeps no blocks on disk). Each block is one read task; reads share the blocks' buffers (no copy),
 * so the source can be read any number of times until closed. Not serializable: it lives in one
 * JVM.
 */
public final class BlocksSource implements Materialized {

  private final Schema schema;
  private final List<VectorSchemaRoot> blocks;

  /** Takes ownership of {@code blocks}; they are closed by {@link #close()}. */
  public BlocksSource(Schema schema, List<VectorSchemaRoot> blocks) {
    this.schema = schema;
    this.blocks = new ArrayList<>(blocks);
  }

  @Override
  public String name() {
    return "ReadMaterialized";
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public long rows() {
    return blocks.stream().mapToLong(VectorSchemaRoot::getRowCount).sum();
  }

  @Override
  public List<ReadTask> planReadTasks(int parallelismHint) {
    List<ReadTask> tasks = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      tasks.add(new BlockTask(i, blocks.get(i)));
    }
    return tasks;
  }

  @Override
  public synchronized void close() {
    blocks.forEach(VectorSchemaRoot::close);
    blocks.clear();
  }

  @Override
  public String toString() {
    return "materialized(" + blocks.size() + " blocks, " + rows() + " rows)";
  }

  private static final class BlockTask implements ReadTask {
    private final int index;
    private final transient VectorSchemaRoot block;
    private final long bytes;

    BlockTask(int index, VectorSchemaRoot block) {
      this.index = index;
      this.block = block;
      this.bytes = Batches.bytes(block);
    }

    @Override
    public String describe() {
      return "materialized block " + index;
    }

    @Override
    public OptionalLong estimatedRows() {
      return OptionalLong.of(block.getRowCount());
    }

    @Override
    public OptionalLong estimatedBytes() {
      return OptionalLong.of(bytes);
    }

    @Override
    public BatchReader open(BufferAllocator allocator, long targetBatchBytes) {
      return new BatchReader() {
        private boolean done;

        @Override
        public VectorSchemaRoot next() {
          if (done) {
            return null;
          }
          done = true;
          return Batches.slice(block, 0, block.getRowCount(), allocator);
        }

        @Override
        public void close() {}
      };
    }
  }
}
