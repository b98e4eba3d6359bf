package io.sluice.api.options;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a backend's jobs may use together: the memory budget for Arrow blocks, CPU slots and GPU
 * slots. Each is either set or <em>auto</em> (empty). Building options probes nothing: the backend
 * fills in the auto values from the machine when it is created (the local backend: half the
 * off-heap memory the process can get, the available processors, the NVIDIA GPUs visible), and
 * {@link io.sluice.api.Sluice#options()} returns them filled in.
 *
 * @param memoryBudgetBytes bytes of Arrow data the backend's jobs may keep at once (queued, in
 *     flight and held); blocks kept beyond it are spilled to disk
 * @param cpuSlots logical CPU slots, at least 1
 * @param gpuSlots logical GPU slots, at least 0
 */
public record Resources(
    OptionalLong memoryBudgetBytes, OptionalInt cpuSlots, OptionalInt gpuSlots) {

  public Resources {
    Objects.requireNonNull(memoryBudgetBytes, "resources.memoryBudgetBytes");
    Objects.requireNonNull(cpuSlots, "resources.cpuSlots");
    Objects.requireNonNull(gpuSlots, "resources.gpuSlots");
    if (memoryBudgetBytes.isPresent() && memoryBudgetBytes.getAsLong() <= 0) {
      throw new IllegalArgumentException(
          "resources.memoryBudgetBytes must be positive, got " + memoryBudgetBytes.getAsLong());
    }
    if (cpuSlots.isPresent() && cpuSlots.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "resources.cpuSlots must be >= 1, got " + cpuSlots.getAsInt());
    }
    if (gpuSlots.isPresent() && gpuSlots.getAsInt() < 0) {
      throw new IllegalArgumentException(
          "resources.gpuSlots must be >= 0, got " + gpuSlots.getAsInt());
    }
  }

  /** Every value auto: the backend decides from the machine. */
  public static Resources auto() {
    return new Resources(OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty());
  }

  public Resources withMemoryBudgetBytes(long bytes) {
    return new Resources(OptionalLong.of(bytes), cpuSlots, gpuSlots);
  }

  public Resources withCpuSlots(int slots) {
    return new Resources(memoryBudgetBytes, OptionalInt.of(slots), gpuSlots);
  }

  public Resources withGpuSlots(int slots) {
    return new Resources(memoryBudgetBytes, cpuSlots, OptionalInt.of(slots));
  }

  /** Whether no value is auto any more. */
  public boolean isResolved() {
    return memoryBudgetBytes.isPresent() && cpuSlots.isPresent() && gpuSlots.isPresent();
  }
}
