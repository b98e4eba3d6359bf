package io.sluice.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a job executes. Immutable; build with {@link #builder()} or start from {@link #defaults()}.
 *
 * <p>The memory budget bounds the bytes of Arrow blocks the executor keeps (queued, in flight and
 * held); by default it is a quarter of the JVM's maximum heap plus direct memory, whichever is
 * larger, capped at the machine's memory.
 */
public final class ExecutionOptions {

  public static final long DEFAULT_TARGET_BLOCK_BYTES = 128L << 20;

  private final long memoryBudgetBytes;
  private final long targetBlockBytes;
  private final int cpuSlots;
  private final int gpuSlots;
  private final boolean preserveOrder;
  private final boolean progress;
  private final Path tempDir;

  private ExecutionOptions(Builder b) {
    this.memoryBudgetBytes = b.memoryBudgetBytes;
    this.targetBlockBytes = b.targetBlockBytes;
    this.cpuSlots = b.cpuSlots;
    this.gpuSlots = b.gpuSlots;
    this.preserveOrder = b.preserveOrder;
    this.progress = b.progress;
    this.tempDir = b.tempDir;
  }

  public static ExecutionOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.memoryBudgetBytes = memoryBudgetBytes;
    b.targetBlockBytes = targetBlockBytes;
    b.cpuSlots = cpuSlots;
    b.gpuSlots = gpuSlots;
    b.preserveOrder = preserveOrder;
    b.progress = progress;
    b.tempDir = tempDir;
    return b;
  }

  /** Bytes of Arrow data the executor may keep at once. */
  public long memoryBudgetBytes() {
    return memoryBudgetBytes;
  }

  /** A task flushes an output block when its buffered output passes this size. */
  public long targetBlockBytes() {
    return targetBlockBytes;
  }

  /** Logical CPU slots (default: available processors). */
  public int cpuSlots() {
    return cpuSlots;
  }

  /** Logical GPU slots (default 0). */
  public int gpuSlots() {
    return gpuSlots;
  }

  /** Whether outputs keep the order of inputs (default true). */
  public boolean preserveOrder() {
    return preserveOrder;
  }

  /** Whether to draw progress bars on a terminal (default true; never drawn off a terminal). */
  public boolean progress() {
    return progress;
  }

  /** Scratch space for the executor; the system temp dir when empty. */
  public Optional<Path> tempDir() {
    return Optional.ofNullable(tempDir);
  }

  @Override
  public String toString() {
    return "ExecutionOptions{memoryBudget=" + memoryBudgetBytes + ", targetBlock=" + targetBlockBytes
        + ", cpuSlots=" + cpuSlots + ", gpuSlots=" + gpuSlots + ", preserveOrder=" + preserveOrder + "}";
  }

  static long defaultBudget() {
    long heap = Runtime.getRuntime().maxMemory();
    return Math.max(64L << 20, heap / 4);
  }

  /** Builder; every setter validates its argument and names the option at fault. */
  public static final class Builder {
    private long memoryBudgetBytes = defaultBudget();
    private long targetBlockBytes = DEFAULT_TARGET_BLOCK_BYTES;
    private int cpuSlots = Runtime.getRuntime().availableProcessors();
    private int gpuSlots = 0;
    private boolean preserveOrder = true;
    private boolean progress = true;
    private Path tempDir;

    private Builder() {}

    public Builder memoryBudgetBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("memoryBudgetBytes must be positive, got " + bytes);
      }
      this.memoryBudgetBytes = bytes;
      return this;
    }

    public Builder targetBlockBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("targetBlockBytes must be positive, got " + bytes);
      }
      this.targetBlockBytes = bytes;
      return this;
    }

    public Builder cpuSlots(int slots) {
      if (slots < 1) {
        throw new IllegalArgumentException("cpuSlots must be >= 1, got " + slots);
      }
      this.cpuSlots = slots;
      return this;
    }

    public Builder gpuSlots(int slots) {
      if (slots < 0) {
        throw new IllegalArgumentException("gpuSlots must be >= 0, got " + slots);
      }
      this.gpuSlots = slots;
      return this;
    }

    public Builder preserveOrder(boolean preserveOrder) {
      this.preserveOrder = preserveOrder;
      return this;
    }

    public Builder progress(boolean progress) {
      this.progress = progress;
      return this;
    }

    public Builder tempDir(Path dir) {
      this.tempDir = dir;
      return this;
    }

    public ExecutionOptions build() {
      return new ExecutionOptions(this);
    }
  }
}
