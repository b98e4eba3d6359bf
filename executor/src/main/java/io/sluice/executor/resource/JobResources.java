package io.sluice.executor.resource;

import io.sluice.api.udf.SharedResources;
import io.sluice.operators.core.GpuPool;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One job's lease on its backend's {@link ResourceManager}: the job's allocator, its share of the
 * memory budget, and the CPU units its running tasks hold. CPU calls come from the job's loop
 * thread; the queries from any thread. {@link #close()} once, after the job's allocator was closed.
 *
 * <p>CPU call-order rules: before a task is dispatched {@link #tryAcquireCpus}; each scheduling
 * turn, {@link #settleCpus} with the units the job's running tasks hold now, which gives back the
 * units of every task that ended (a finished stage holds none).
 */
public final class JobResources implements AutoCloseable {

  private final ResourceManager manager;
  private final BufferAllocator allocator;
  private final MemoryBudget.Share memory;
  private final JobMemory jobMemory;
  private long cpuUnits;
  private boolean closed;

  JobResources(
      ResourceManager manager,
      BufferAllocator allocator,
      MemoryBudget.Share memory,
      int producing) {
    this.manager = manager;
    this.allocator = allocator;
    this.memory = memory;
    this.jobMemory = new JobMemory(memory, manager.allocatorLimit(), producing);
  }

  /** The job's allocator: every operator's allocator is a child of it. */
  public BufferAllocator allocator() {
    return allocator;
  }

  /** The job's share of the memory budget, and what it derives for operators and policies. */
  public JobMemory memory() {
    return jobMemory;
  }

  /** The backend's GPU devices, shared with every other job. */
  public GpuPool gpus() {
    return manager.gpus();
  }

  /** What the backend's UDF instances share. */
  public SharedResources udfResources() {
    return manager.udfResources();
  }

  /** Whether a task asking for {@code cpus} would get its slots now (a query). */
  public boolean cpusFit(double cpus) {
    return manager.cpus().fits(CpuSlots.units(cpus));
  }

  /** Takes the slots for one task about to be dispatched; false when they are not free now. */
  public boolean tryAcquireCpus(double cpus) {
    long u = CpuSlots.units(cpus);
    if (!manager.cpus().tryAcquire(u)) {
      return false;
    }
    cpuUnits += u;
    return true;
  }

  /** Sets the units the job holds to what its running tasks hold now ({@code units} &le; held). */
  public void settleCpus(long units) {
    if (units < cpuUnits) {
      manager.cpus().release(cpuUnits - units);
      cpuUnits = units;
    }
  }

  /** Whether other jobs of the backend hold leases now. */
  public boolean sharedWithOtherJobs() {
    return manager.openLeases() > 1;
  }

  /** Gives back every slot and the budget share. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    settleCpus(0);
    memory.close();
    manager.leaseClosed();
  }
}
