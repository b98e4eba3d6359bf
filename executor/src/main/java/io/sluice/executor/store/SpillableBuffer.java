package io.sluice.executor.store;

import io.sluice.api.arrow.Batches;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An ordered sequence of batches that must be kept, partly on disk: older batches in spill files
 * (runs), the newest in memory. A spill moves every in-memory batch into one new run, so the order
 * "runs, then memory" is always the order of {@link #add}. A run is written either on the calling
 * thread ({@link #spill}) or on a worker ({@link #spillAsync}: the caller, typically the control
 * loop, does not wait for the disk; the batches stay in memory, and counted, until their file is
 * written). Read back once, in order, with {@link #drain}, which waits for runs still being
 * written. Thread-safe: a buffer filled on one thread may be spilled or drained on another.
 */
public final class SpillableBuffer implements AutoCloseable {

  /** One spilled run: its file once written; its batches while it is being written. */
  private static final class Run {
    final long bytes;
    final CompletableFuture<Void> written = new CompletableFuture<>();
    List<VectorSchemaRoot> batches;
    SpillFile file;
    Throwable error;

    Run(List<VectorSchemaRoot> batches, long bytes) {
      this.batches = batches;
      this.bytes = bytes;
    }
  }

  private final SpillDirectory dir;
  private final String label;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Run> runs = new ArrayList<>();
  private final List<VectorSchemaRoot> memory = new ArrayList<>();
  private long memoryBytes;
  private long writingBytes;
  private long bytes;
  private long rows;
  private long lastAddNanos = System.nanoTime();
  private boolean drained;

  /**
   * @param label names this buffer's spill files (an operator and partition)
   */
  public SpillableBuffer(SpillDirectory dir, String label) {
    this.dir = dir;
    this.label = label.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** Appends a batch; the buffer owns it from now on. Empty batches are closed at once. */
  public void add(VectorSchemaRoot batch) {
    lock.lock();
    try {
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
    } finally {
      lock.unlock();
    }
  }

  /** Bytes in memory that a spill would free (not counting runs being written). */
  public long memoryBytes() {
    lock.lock();
    try {
      return memoryBytes;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Bytes held in memory now: batches not spilled, and batches whose run is still being written.
   */
  public long heldBytes() {
    lock.lock();
    try {
      return memoryBytes + writingBytes;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes of every batch added (in memory or on disk). */
  public long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  public long rows() {
    lock.lock();
    try {
      return rows;
    } finally {
      lock.unlock();
    }
  }

  /** When a batch was last added: the coldest buffer spills first. */
  public long lastAddNanos() {
    lock.lock();
    try {
      return lastAddNanos;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes the in-memory batches to a new run on this thread and frees them. Returns the bytes
   * freed.
   *
   * @param scratch allocator for the writer's staging buffers
   */
  public long spill(BufferAllocator scratch) {
    lock.lock();
    try {
      return spillLocked(scratch);
    } finally {
      lock.unlock();
    }
  }

  /**
   * As {@link #spill}, but only if no other thread holds the buffer now (for a thread that must
   * free memory without waiting: a failed allocation). Returns the bytes freed, 0 if it could not.
   */
  long trySpill(BufferAllocator scratch) {
    if (!lock.tryLock()) {
      return 0;
    }
    try {
      return spillLocked(scratch);
    } finally {
      lock.unlock();
    }
  }

  private long spillLocked(BufferAllocator scratch) {
    if (memory.isEmpty() || drained) {
      return 0;
    }
    Run run = new Run(new ArrayList<>(memory), memoryBytes);
    run.file = SpillFile.write(dir, label, run.batches, scratch);
    run.batches.forEach(VectorSchemaRoot::close);
    run.batches = null;
    run.written.complete(null);
    runs.add(run);
    long freed = memoryBytes;
    memory.clear();
    memoryBytes = 0;
    return freed;
  }

  /**
   * Moves the in-memory batches into a new run written on {@code workers}; they are freed once it
   * is on disk. Returns the bytes the run will free. A failed write goes to {@code onError} (and
   * again from {@link #drain}); the run's rows are then lost, so the job must fail.
   */
  public long spillAsync(Executor workers, BufferAllocator scratch, Consumer<Throwable> onError) {
    Run run;
    lock.lock();
    try {
      if (memory.isEmpty() || drained) {
        return 0;
      }
      run = new Run(new ArrayList<>(memory), memoryBytes);
      runs.add(run);
      writingBytes += memoryBytes;
      memory.clear();
      memoryBytes = 0;
    } finally {
      lock.unlock();
    }
    workers.execute(() -> write(run, scratch, onError));
    return run.bytes;
  }

  /**
   * Worker thread: writes one run, then frees its batches (or deletes the file if the buffer
   * closed).
   */
  private void write(Run run, BufferAllocator scratch, Consumer<Throwable> onError) {
    SpillFile file = null;
    Throwable error = null;
    try {
      file = SpillFile.write(dir, label, run.batches, scratch);
    } catch (Throwable t) {
      error = t;
    }
    lock.lock();
    try {
      run.batches.forEach(VectorSchemaRoot::close);
      run.batches = null;
      writingBytes -= run.bytes;
      run.file = file;
      run.error = error;
    } finally {
      lock.unlock();
      run.written.complete(null);
    }
    if (error != null) {
      onError.accept(error);
    }
  }

  /** Bytes on disk. */
  public long spilledBytes() {
    lock.lock();
    try {
      return runs.stream().filter(r -> r.file != null).mapToLong(r -> r.file.arrowBytes()).sum();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until every run started so far is on disk (or failed). */
  void awaitWrites() {
    List<Run> pending;
    lock.lock();
    try {
      pending = new ArrayList<>(runs);
    } finally {
      lock.unlock();
    }
    pending.forEach(r -> r.written.join());
  }

  /**
   * Hands every batch to {@code sink} in order, each allocated under (or moved to) {@code
   * allocator} and owned by the sink; runs are read one batch at a time and deleted once read. One
   * call only.
   */
  public void drain(BufferAllocator allocator, Consumer<VectorSchemaRoot> sink) {
    List<Run> files;
    List<VectorSchemaRoot> mem;
    lock.lock();
    try {
      if (drained) {
        throw new IllegalStateException("buffer " + label + " was already drained");
      }
      drained = true;
      files = new ArrayList<>(runs);
      mem = new ArrayList<>(memory);
      runs.clear();
      memory.clear();
      memoryBytes = 0;
    } finally {
      lock.unlock();
    }
    files.forEach(r -> r.written.join());
    int next = 0;
    try {
      for (Run run : files) {
        if (run.error != null) {
          throw run.error instanceof RuntimeException re
              ? re
              : new SpillException(run.error.getMessage(), run.error);
        }
        try (SpillFile.Reader r = run.file.open(allocator)) {
          VectorSchemaRoot b;
          while ((b = r.next()) != null) {
            sink.accept(b);
          }
        }
        run.file.delete();
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
        if (files.get(i).file != null) {
          files.get(i).file.delete();
        }
      }
      mem.stream().filter(Objects::nonNull).forEach(VectorSchemaRoot::close);
    }
  }

  /** Waits for runs being written, frees the in-memory batches and deletes the runs. Idempotent. */
  @Override
  public void close() {
    awaitWrites();
    lock.lock();
    try {
      memory.forEach(VectorSchemaRoot::close);
      memory.clear();
      memoryBytes = 0;
      for (Run r : runs) {
        if (r.file != null) {
          r.file.delete();
        }
      }
      runs.clear();
      drained = true;
    } finally {
      lock.unlock();
    }
  }
}
