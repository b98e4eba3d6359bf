package io.sluice.executor.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.AllocationOutcome;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's kept blocks: the {@link SpillableBuffer}s its operators fill, the job's spill
 * directory, and the workers that write spill files, so the control loop never waits for a disk. It
 * is also the job allocator's {@link AllocationListener}: an allocation that would pass the
 * allocator's hard limit first spills the coldest buffers (on the allocating thread, which is a
 * task's) and is retried, so a job over its limit spills instead of failing. Thread-safe.
 *
 * <p>Call-order rules: {@link #newBuffer} while the job runs; {@link #close()} once, after every
 * buffer it made was closed, before the scratch allocator's parent closes.
 */
public final class BlockStore implements AllocationListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BlockStore.class);

  private final SpillDirectory dir;
  private final Executor workers;
  private final BufferAllocator scratch;
  private final List<SpillableBuffer> buffers = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Boolean> spilling = ThreadLocal.withInitial(() -> false);

  /**
   * @param scratch staging buffers of spill writes: outside the job's limited allocator, so a job
   *     at its limit can still spill (nothing stays there once a write ends)
   */
  public BlockStore(SpillDirectory dir, Executor workers, BufferAllocator scratch) {
    this.dir = dir;
    this.workers = workers;
    this.scratch = scratch;
  }

  public SpillDirectory directory() {
    return dir;
  }

  /** A new buffer whose batches the store may spill when memory runs out. */
  public SpillableBuffer newBuffer(String label) {
    SpillableBuffer b = new SpillableBuffer(dir, label);
    buffers.add(b);
    return b;
  }

  /**
   * Writes {@code buffer}'s in-memory batches on a worker; returns the bytes that will be freed.
   */
  public long spillAsync(SpillableBuffer buffer, Consumer<Throwable> onError) {
    return buffer.spillAsync(workers, scratch, onError);
  }

  /**
   * Writes {@code buffer}'s in-memory batches on this thread (a task's); returns the bytes freed.
   */
  public long spill(SpillableBuffer buffer) {
    return buffer.spill(scratch);
  }

  /** Forgets a closed buffer. */
  public void forget(SpillableBuffer buffer) {
    buffers.remove(buffer);
  }

  /**
   * Frees at least {@code bytes} if the buffers hold them: spills the coldest buffers that no other
   * thread holds, then waits for runs being written. Returns the bytes freed.
   */
  public long spillFor(long bytes) {
    List<SpillableBuffer> cold = new ArrayList<>(buffers);
    cold.sort(Comparator.comparingLong(SpillableBuffer::lastAddNanos));
    long freed = 0;
    for (SpillableBuffer b : cold) {
      if (freed >= bytes) {
        break;
      }
      freed += b.trySpill(scratch);
    }
    if (freed < bytes) {
      for (SpillableBuffer b : cold) {
        long before = b.heldBytes();
        b.awaitWrites();
        freed += Math.max(0, before - b.heldBytes());
      }
    }
    return freed;
  }

  /** The allocator's hard limit was hit: spill, and let Arrow retry once if anything was freed. */
  @Override
  public boolean onFailedAllocation(long size, AllocationOutcome outcome) {
    if (spilling.get()) {
      return false; // a spill's own allocation failed: nothing more to free here
    }
    spilling.set(true);
    try {
      long freed = spillFor(size);
      LOG.debug("allocation of {} B passed the job's limit; spilled {} B", size, freed);
      return freed > 0;
    } catch (RuntimeException e) {
      LOG.warn(
          "allocation of {} B passed the job's limit and spilling failed: {}", size, e.toString());
      return false;
    } finally {
      spilling.set(false);
    }
  }

  /** Deletes the spill directory. */
  @Override
  public void close() {
    buffers.clear();
    dir.close();
  }
}
