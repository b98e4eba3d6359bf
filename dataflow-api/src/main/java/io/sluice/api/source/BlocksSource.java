package io.sluice.api.source;

import io.sluice.api.arrow.Batches;
import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Blocks already computed (the result of {@code materialize()}), in memory or spilled to disk by the
 * backend when they did not fit its budget. Each block is one read task; in-memory reads share the
 * blocks' buffers (no copy), spilled ones are read back from their file, so the source can be read any
 * number of times until closed. Not serializable: it lives in one JVM.
 */
public final class BlocksSource implements Datasource, AutoCloseable {

  /** One kept block: in memory or on disk. */
  public interface Kept extends AutoCloseable {
    int rows();

    /** Arrow bytes of the block (uncompressed). */
    long bytes();

    /** The block's rows as a new batch under {@code allocator}, owned by the caller. */
    VectorSchemaRoot read(BufferAllocator allocator);

    /** Whether the block lives on disk. */
    boolean spilled();

    @Override
    void close();
  }

  /** Writes blocks to disk for a backend; closing it deletes what it wrote. */
  public interface Spiller extends AutoCloseable {
    /** Writes {@code block} to disk and closes it. */
    Kept spill(VectorSchemaRoot block);

    @Override
    void close();
  }

  private final Schema schema;
  private final List<Kept> blocks;
  private final Spiller spiller;

  /** Takes ownership of in-memory {@code blocks}; they are closed by {@link #close()}. */
  public BlocksSource(Schema schema, List<VectorSchemaRoot> blocks) {
    this(schema, blocks.stream().map(BlocksSource::inMemory).toList(), null);
  }

  /** Takes ownership of {@code blocks} and of {@code spiller} (may be null), closed by {@link #close()}. */
  public BlocksSource(Schema schema, List<Kept> blocks, Spiller spiller) {
    this.schema = schema;
    this.blocks = List.copyOf(blocks);
    this.spiller = spiller;
  }

  /** A block kept in memory; reads share its buffers. Takes ownership of {@code block}. */
  public static Kept inMemory(VectorSchemaRoot block) {
    long bytes = Batches.bytes(block);
    return new Kept() {
      @Override
      public int rows() {
        return block.getRowCount();
      }

      @Override
      public long bytes() {
        return bytes;
      }

      @Override
      public VectorSchemaRoot read(BufferAllocator allocator) {
        return Batches.slice(block, 0, block.getRowCount(), allocator);
      }

      @Override
      public boolean spilled() {
        return false;
      }

      @Override
      public void close() {
        block.close();
      }
    };
  }

  @Override
  public String name() {
    return "ReadMaterialized";
  }

  @Override
  public Schema schema() {
    return schema;
  }

  /** Rows across all blocks. */
  public long rows() {
    return blocks.stream().mapToLong(Kept::rows).sum();
  }

  /** Arrow bytes of the blocks that live on disk. */
  public long spilledBytes() {
    return blocks.stream().filter(Kept::spilled).mapToLong(Kept::bytes).sum();
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
  public void close() {
    try {
      blocks.forEach(Kept::close);
    } finally {
      if (spiller != null) {
        spiller.close();
      }
    }
  }

  @Override
  public String toString() {
    return "materialized(" + blocks.size() + " blocks, " + rows() + " rows, " + spilledBytes() + " B spilled)";
  }

  private static final class BlockTask implements ReadTask {
    private final int index;
    private final transient Kept block;

    BlockTask(int index, Kept block) {
      this.index = index;
      this.block = block;
    }

    @Override
    public String describe() {
      return "materialized block " + index;
    }

    @Override
    public OptionalLong estimatedRows() {
      return OptionalLong.of(block.rows());
    }

    @Override
    public OptionalLong estimatedBytes() {
      return OptionalLong.of(block.bytes());
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
          return block.read(allocator);
        }

        @Override
        public void close() {}
      };
    }
  }
}
