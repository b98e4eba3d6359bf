package io.sluice.executor;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.options.Resources;

/**
 * Fills in the auto {@link Resources} of options from a {@link MachineProbe}: what the local
 * backend does when it is created. Values the options set are kept, and the probe is not asked for
 * them.
 */
public final class MachineDefaults {

  /** The smallest budget chosen for a machine, however little it seems to have. */
  static final long MIN_BUDGET = 64L << 20;

  private MachineDefaults() {}

  /** {@code options} with every resource set: the auto ones from {@code probe}. */
  public static ExecutionOptions resolve(ExecutionOptions options, MachineProbe probe) {
    Resources r = options.resources();
    if (r.memoryBudgetBytes().isEmpty()) {
      r = r.withMemoryBudgetBytes(memoryBudget(probe));
    }
    if (r.cpuSlots().isEmpty()) {
      r = r.withCpuSlots(Math.max(1, probe.availableProcessors()));
    }
    if (r.gpuSlots().isEmpty()) {
      r = r.withGpuSlots(Math.max(0, probe.visibleGpus()));
    }
    return r.equals(options.resources()) ? options : options.withResources(r);
  }

  /**
   * Half of the memory Arrow blocks can really get: the JVM's direct-memory limit when one is set
   * ({@code -XX:MaxDirectMemorySize}), else the physical memory not claimed by the heap (Arrow's
   * buffers live off-heap, but at least a quarter of it), capped by the physical memory; the heap
   * when the JVM knows neither; at least 64 MiB. Half, because UDFs, the heap and the OS page cache
   * need the rest.
   */
  static long memoryBudget(MachineProbe probe) {
    long heap = probe.maxHeapBytes();
    long physical = probe.physicalMemoryBytes();
    long direct = probe.maxDirectMemoryBytes();
    long offHeap;
    if (direct > 0) {
      offHeap = physical > 0 ? Math.min(direct, physical) : direct;
    } else if (physical > 0) {
      offHeap = Math.max(physical - heap, physical / 4);
    } else {
      offHeap = heap;
    }
    return Math.max(MIN_BUDGET, offHeap / 2);
  }
}
