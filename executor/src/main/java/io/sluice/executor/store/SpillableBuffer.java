package io.sluice.executor.store;

import io.sluice.api.arrow.Batches;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An ordered sequence of batches that must be kept, partly on disk: older batches in spill files
 * (runs), the newest in memory. {@link #spill()} writes every in-memory batch to one new run, so the
 * order "runs, then memory" is always the order of {@link #add}. Read back once, in order, with
 * {@link #drain}. Every method is synchronized: a buffer filled on one thread may be spilled or
 * drained by a task on another.
 */
public final class SpillableBuffer implements AutoCloseable {

  private final SpillDirectory dir;
  private final String label;
  private final List<SpillFile> runs = new ArrayList<>();
  private final List<VectorSchemaRoot> memory = new ArrayList<>();
  private long memoryBytes;
  private long bytes;
  private long rows;
  private long lastAddNanos = System.nanoTime();
  private boolean drained;

  /** @param label names this buffer's spill files (an operator and partition) */
  public SpillableBuffer(SpillDirectory dir, String label) {
    this.dir = dir;
    this.label = label.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** Appends a batch; the buffer owns it from now on. Empty batches are closed at once. */
  public synchronized void add(VectorSchemaRoot batch) {
    if (drained) {
      batch.close();
      throw new IllegalStateException("buffer " + label + " was already drained");
    }
    if (batch.getRowCount() == 0) {
      batch.close();
      return;
    }
    long b = Batches.bytes(batch);
    memory.add(batch);
    memoryBytes += b;
    bytes += b;
    rows += batch.getRowCount();
    lastAddNanos = System.nanoTime();
  }

  /** Bytes held in memory now. */
  public synchronized long memoryBytes() {
    return memoryBytes;
  }

  /** Bytes of every batch added (in memory or on disk). */
  public synchronized long bytes() {
    return bytes;
  }

  public synchronized long rows() {
    return rows;
  }

  /** When a batch was last added: the coldest buffer spills first. */
  public synchronized long lastAddNanos() {
    return lastAddNanos;
  }

  /**
   * Writes the in-memory batches to a new run on disk and frees them. Returns the bytes freed.
   *
   * @param scratch allocator for the writer's staging buffers
   */
  public synchronized long spill(BufferAllocator scratch) {
    if (memory.isEmpty() || drained) {
      return 0;
    }
    runs.add(SpillFile.write(dir, label, memory, scratch));
    long freed = memoryBytes;
    memory.forEach(VectorSchemaRoot::close);
    memory.clear();
    memoryBytes = 0;
    return freed;
  }

  /** Bytes on disk. */
  public synchronized long spilledBytes() {
    return runs.stream().mapToLong(SpillFile::arrowBytes).sum();
  }

  /**
   * Hands every batch to {@code sink} in order, each allocated under (or moved to) {@code allocator}
   * and owned by the sink; runs are read one batch at a time and deleted once read. One call only.
   */
  public void drain(BufferAllocator allocator, java.util.function.Consumer<VectorSchemaRoot> sink) {
    List<SpillFile> files;
    List<VectorSchemaRoot> mem;
    synchronized (this) {
      if (drained) {
        throw new IllegalStateException("buffer " + label + " was already drained");
      }
      drained = true;
      files = new ArrayList<>(runs);
      mem = new ArrayList<>(memory);
      runs.clear();
      memory.clear();
      memoryBytes = 0;
    }
    int next = 0;
    try {
      for (SpillFile f : files) {
        try (SpillFile.Reader r = f.open(allocator)) {
          VectorSchemaRoot b;
          while ((b = r.next()) != null) {
            sink.accept(b);
          }
        }
        f.delete();
        next++;
      }
      for (int i = 0; i < mem.size(); i++) {
        VectorSchemaRoot m = mem.get(i);
        mem.set(i, null);
        VectorSchemaRoot moved = Batches.transfer(m, allocator);
        m.close();
        sink.accept(moved);
      }
    } finally {
      for (int i = next; i < files.size(); i++) {
        files.get(i).delete();
      }
      mem.stream().filter(java.util.Objects::nonNull).forEach(VectorSchemaRoot::close);
    }
  }

  /** Frees the in-memory batches and deletes the runs. Idempotent. */
  @Override
  public synchronized void close() {
    memory.forEach(VectorSchemaRoot::close);
    memory.clear();
    memoryBytes = 0;
    runs.forEach(SpillFile::delete);
    runs.clear();
    drained = true;
  }
}
