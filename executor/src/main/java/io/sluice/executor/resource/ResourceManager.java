package io.sluice.executor.resource;

import io.sluice.api.udf.SharedResourceRegistry;
import io.sluice.api.udf.SharedResources;
import io.sluice.operators.core.GpuPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What one backend has to give its jobs, shared by every job it runs at once: logical CPU slots,
 * the GPU devices, the memory budget with the hard limit of the jobs' allocators, and the objects
 * UDF instances share (a model-session cache). A job takes a {@link JobResources} lease when it
 * starts and closes it when it ends; a stage that finishes gives its slots and GPUs back as it
 * finishes, not when the job ends. Thread-safe.
 */
public final class ResourceManager {

  private final CpuSlots cpus;
  private final GpuPool gpus;
  private final MemoryBudget memory;
  private final long allocatorLimit;
  private final BufferAllocator root;
  private final SharedResourceRegistry udfResources = new SharedResourceRegistry();
  private final AtomicInteger leases = new AtomicInteger();

  /**
   * @param allocatorLimit the hard limit of each job's allocator ({@link #defaultAllocatorLimit},
   *     or lower to keep a job's Arrow memory under a harder cap): an allocation that would pass it
   *     first asks the job's block store to spill, and fails only if nothing can
   * @param root the allocator job allocators hang from
   */
  public ResourceManager(
      int cpuSlots,
      int gpuDevices,
      long memoryBudgetBytes,
      long allocatorLimit,
      BufferAllocator root) {
    this.cpus = new CpuSlots(cpuSlots);
    this.gpus = new GpuPool(gpuDevices);
    this.memory = new MemoryBudget(memoryBudgetBytes);
    this.allocatorLimit = Math.max(1, allocatorLimit);
    this.root = root;
  }

  /**
   * The default hard limit for a budget: the budget plus the most the budget's liveness rule may
   * overrun it by (one task's block, for which the budget itself, and at least 256 MiB, is room).
   */
  public static long defaultAllocatorLimit(long memoryBudgetBytes) {
    long slack = Math.max(memoryBudgetBytes, 256L << 20);
    return memoryBudgetBytes > Long.MAX_VALUE - slack ? Long.MAX_VALUE : memoryBudgetBytes + slack;
  }

  public CpuSlots cpus() {
    return cpus;
  }

  public GpuPool gpus() {
    return gpus;
  }

  public MemoryBudget memory() {
    return memory;
  }

  /**
   * What the UDF instances of every job share; closed by the backend with {@link
   * #closeUdfResources}.
   */
  public SharedResources udfResources() {
    return udfResources;
  }

  /** Closes what UDF instances shared (model sessions), once no job runs. */
  public void closeUdfResources() throws Exception {
    udfResources.close();
  }

  public long allocatorLimit() {
    return allocatorLimit;
  }

  /**
   * An allocator for transient staging buffers (spill writes) outside every job's hard limit, so a
   * job at its limit can still spill. Its owner closes it.
   */
  public BufferAllocator scratchAllocator(String name) {
    return root.newChildAllocator(name, 0, Long.MAX_VALUE);
  }

  /**
   * Opens a job's lease: its allocator (a child of the root with the hard limit, whose failed
   * allocations go to {@code onFailedAllocation}), its share of the budget, and its CPU accounting.
   */
  public JobResources lease(String jobId, AllocationListener onFailedAllocation) {
    return lease(jobId, onFailedAllocation, 1);
  }

  /** As above, for a job with {@code producingOperators} operators whose output is consumed. */
  public JobResources lease(
      String jobId, AllocationListener onFailedAllocation, int producingOperators) {
    BufferAllocator a = root.newChildAllocator(jobId, onFailedAllocation, 0, allocatorLimit);
    leases.incrementAndGet();
    return new JobResources(this, a, memory.open(jobId, a), producingOperators);
  }

  /** Jobs holding a lease now. */
  public int openLeases() {
    return leases.get();
  }

  void leaseClosed() {
    leases.decrementAndGet();
  }
}
