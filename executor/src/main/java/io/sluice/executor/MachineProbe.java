package io.sluice.executor;

/**
 * What the local backend reads from the machine to fill in auto {@link
 * io.sluice.api.options.Resources}. {@link #system()} asks the JVM, the OS and the NVIDIA driver;
 * tests pass a fake. Each method is called only for a value the options leave auto.
 */
public interface MachineProbe {

  /** The heap's limit ({@code -Xmx}). */
  long maxHeapBytes();

  /** The machine's physical memory, or -1 when the JVM cannot tell. */
  long physicalMemoryBytes();

  /** The direct-memory limit set with {@code -XX:MaxDirectMemorySize}, or -1 when none is set. */
  long maxDirectMemoryBytes();

  /** Processors available to the JVM. */
  int availableProcessors();

  /** NVIDIA GPUs this process may use; 0 without a driver. */
  int visibleGpus();

  /** The real machine. */
  static MachineProbe system() {
    return SystemMachineProbe.INSTANCE;
  }
}
