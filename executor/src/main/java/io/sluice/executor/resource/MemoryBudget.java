package io.sluice.executor.resource;

import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The one owner of a backend's memory budget. Every holder of Arrow memory the budget covers (each
 * running job, the backend's materialized datasets) opens a {@link Share}; a share's budget is what
 * the other shares leave of the total, so concurrent jobs together stay within one budget instead
 * of each believing it owns it. A share counts its allocator's bytes (live, thread-safe) plus the
 * bytes its holder has reserved for output its running tasks have not produced yet. Thread-safe.
 *
 * <p>The split is first come, first served: a job that holds memory keeps it until it drains; a job
 * that finds no room runs one task at a time (its liveness rule), so together they overrun the
 * budget by at most one task's block each.
 */
public final class MemoryBudget {

  private final long total;
  private final CopyOnWriteArrayList<Share> shares = new CopyOnWriteArrayList<>();

  public MemoryBudget(long totalBytes) {
    this.total = Math.max(0, totalBytes);
  }

  /** The whole budget. */
  public long total() {
    return total;
  }

  /**
   * Bytes materialized datasets may keep in memory, given what they hold already: half the budget,
   * so the jobs reading them have the other half; blocks beyond it are spilled.
   */
  public long materializedKeep(long heldByMaterialized) {
    return Math.max(0, total / 2 - heldByMaterialized);
  }

  /** Bytes every share holds or has reserved now. */
  public long used() {
    long u = 0;
    for (Share s : shares) {
      u += s.used();
    }
    return u;
  }

  /** Opens a share counting {@code allocator}'s bytes; close it when the holder ends. */
  public Share open(String name, BufferAllocator allocator) {
    Share s = new Share(name, allocator);
    shares.add(s);
    return s;
  }

  /** One holder's part of the budget. Query methods any thread; {@link #reserve} by its owner. */
  public final class Share implements AutoCloseable {
    private final String name;
    private final BufferAllocator allocator;
    private volatile long reserved;

    private Share(String name, BufferAllocator allocator) {
      this.name = name;
      this.allocator = allocator;
    }

    public String name() {
      return name;
    }

    /** Arrow bytes this share's allocator holds now. */
    public long allocated() {
      return allocator.getAllocatedMemory();
    }

    /** Allocated plus reserved bytes. */
    public long used() {
      return allocator.getAllocatedMemory() + reserved;
    }

    /** Publishes the bytes this holder's running tasks are still expected to produce. */
    public void reserve(long bytes) {
      reserved = Math.max(0, bytes);
    }

    /** The budget this share may fill: the total less what every other share holds or reserved. */
    public long budget() {
      long others = 0;
      for (Share s : shares) {
        if (s != this) {
          others += s.used();
        }
      }
      return Math.max(0, total - others);
    }

    /** Removes the share from the budget (its memory must already be released). Idempotent. */
    @Override
    public void close() {
      shares.remove(this);
    }
  }
}
