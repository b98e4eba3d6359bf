package io.sluice.executor.store;

import io.sluice.api.JobStats;
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
 * The kept output of a materialized plan on the local backend: blocks in memory (under the
 * backend's materialized allocator, counted in its memory budget) and, beyond what the budget
 * keeps, blocks spilled to a spill directory of their own (one compressed Arrow IPC file each, read
 * back on every read). Each block is one read task; in-memory reads share the block's buffers.
 * Closing frees the blocks and deletes the directory.
 *
 * <p>Call-order rules: {@link #add} and {@link #spillOldest} on one thread while the plan runs;
 * then reads from any thread, any number of times, until {@link #close()}.
 */
public final class MaterializedBlocks implements Materialized {

  /** One kept block: in memory or in a file. */
  private static final class Kept {
    final int rows;
    final long bytes;
    volatile VectorSchemaRoot memory;
    volatile SpillFile file;

    Kept(VectorSchemaRoot memory) {
      this.memory = memory;
      this.rows = memory.getRowCount();
      this.bytes = Batches.bytes(memory);
    }

    VectorSchemaRoot read(BufferAllocator allocator) {
      VectorSchemaRoot m = memory;
      if (m != null) {
        return Batches.slice(m, 0, m.getRowCount(), allocator);
      }
      try (SpillFile.Reader r = file.open(allocator)) {
        return r.next();
      }
    }
  }

  private final SpillDirectory dir;
  private final BufferAllocator scratch;
  private final List<Kept> blocks = new ArrayList<>();
  private Schema schema;
  private long memoryBytes;
  private int oldest;
  private boolean closed;
  private volatile JobStats jobStats = JobStats.none();

  /**
   * @param scratch where a block is staged while it is written (nothing stays there)
   */
  public MaterializedBlocks(SpillDirectory dir, BufferAllocator scratch) {
    this.dir = dir;
    this.scratch = scratch;
  }

  /**
   * Keeps {@code block} in memory (it must be allocated where the budget counts it); takes
   * ownership.
   */
  public void add(VectorSchemaRoot block) {
    schema = block.getSchema();
    Kept k = new Kept(block);
    blocks.add(k);
    memoryBytes += k.bytes;
  }

  /** Arrow bytes of the blocks kept in memory. */
  public long memoryBytes() {
    return memoryBytes;
  }

  /** Spills the oldest block still in memory; returns the bytes it freed (0 if none is left). */
  public long spillOldest() {
    if (oldest >= blocks.size()) {
      return 0;
    }
    Kept k = blocks.get(oldest++);
    k.file = SpillFile.write(dir, "block", List.of(k.memory), scratch);
    VectorSchemaRoot m = k.memory;
    k.memory = null;
    m.close();
    memoryBytes -= k.bytes;
    return k.bytes;
  }

  /** Bytes written and read, and time spent doing it. */
  @Override
  public JobStats jobStats() {
    return jobStats;
  }

  /** Records the figures of the job that computed the blocks (once, before the blocks are read). */
  public void jobStats(JobStats stats) {
    this.jobStats = stats;
  }

  public SpillStats stats() {
    return dir.stats();
  }

  /** Sets the schema when the plan produced no block. */
  public void schemaIfEmpty(Schema s) {
    if (schema == null) {
      schema = s;
    }
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
    return blocks.stream().mapToLong(k -> k.rows).sum();
  }

  /** Arrow bytes of the blocks that live on disk. */
  public long spilledBytes() {
    return blocks.stream().filter(k -> k.file != null).mapToLong(k -> k.bytes).sum();
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
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (Kept k : blocks) {
        if (k.memory != null) {
          k.memory.close();
        }
        if (k.file != null) {
          k.file.delete();
        }
      }
      blocks.clear();
    } finally {
      dir.close();
    }
  }

  @Override
  public String toString() {
    return "materialized("
        + blocks.size()
        + " blocks, "
        + rows()
        + " rows, "
        + spilledBytes()
        + " B spilled)";
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
      return OptionalLong.of(block.rows);
    }

    @Override
    public OptionalLong estimatedBytes() {
      return OptionalLong.of(block.bytes);
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
