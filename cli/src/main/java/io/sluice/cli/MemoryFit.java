package io.sluice.cli;

import io.sluice.executor.MachineProbe;

/**
 * Refuses, before anything runs, a memory budget this process cannot hold: more Arrow bytes than
 * the JVM's direct-memory limit (the job would die of OutOfMemoryError halfway), or a budget plus
 * the heap larger than the machine (or its container limit) holds (the kernel would kill it). The
 * message carries the numbers and what to change. The {@code sluice} launcher sizes the JVM from
 * the budget so a local run passes this check; a hand-set {@code SLUICE_JAVA_OPTS} or an embedding
 * program may not.
 */
final class MemoryFit {

  /** The JVM's own memory besides the heap (metaspace, code, threads), as the launcher assumes. */
  static final long JVM_OVERHEAD = 256L << 20;

  private MemoryFit() {}

  /**
   * Throws IllegalArgumentException when {@code budget} bytes cannot fit in this JVM and machine.
   */
  static void check(long budget) {
    MachineProbe machine = MachineProbe.system();
    long direct = machine.maxDirectMemoryBytes();
    // without -XX:MaxDirectMemorySize the JVM's direct limit is the heap's maximum
    check(
        budget,
        machine.maxHeapBytes(),
        direct > 0 ? direct : machine.maxHeapBytes(),
        machine.physicalMemoryBytes());
  }

  /**
   * @param heap the heap's maximum
   * @param direct the direct-memory limit, or -1 when unknown
   * @param machine the machine's (or container's) memory, or -1 when unknown
   */
  static void check(long budget, long heap, long direct, long machine) {
    if (direct > 0 && budget > direct) {
      throw new IllegalArgumentException(
          "the memory budget "
              + ByteSize.format(budget)
              + " is more than this JVM's direct-memory limit "
              + ByteSize.format(direct)
              + " (-XX:MaxDirectMemorySize), where Arrow's blocks live: lower --memory-budget (execution.memory_budget)"
              + " or raise -XX:MaxDirectMemorySize (SLUICE_JAVA_OPTS)");
    }
    long need = budget + heap + JVM_OVERHEAD;
    if (machine > 0 && need > machine) {
      throw new IllegalArgumentException(
          "the job cannot fit: memory budget "
              + ByteSize.format(budget)
              + " + heap "
              + ByteSize.format(heap)
              + " (-Xmx) + "
              + ByteSize.format(JVM_OVERHEAD)
              + " JVM overhead = "
              + ByteSize.format(need)
              + " > this machine's "
              + ByteSize.format(machine)
              + " (physical memory or container limit): lower --memory-budget (execution.memory_budget) or -Xmx,"
              + " or run on a larger machine");
    }
  }
}
