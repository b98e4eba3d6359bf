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
  private final int maxTaskRetries;
  private final java.time.Duration retryBackoff;
  private final int maxActorRestarts;
  private final ErrorPolicy errorPolicy;
  private final java.time.Duration noProgressTimeout;
  private final FaultInjection faultInjection;

  private ExecutionOptions(Builder b) {
    this.memoryBudgetBytes = b.memoryBudgetBytes;
    this.targetBlockBytes = b.targetBlockBytes;
    this.cpuSlots = b.cpuSlots;
    this.gpuSlots = b.gpuSlots;
    this.preserveOrder = b.preserveOrder;
    this.progress = b.progress;
    this.tempDir = b.tempDir;
    this.maxTaskRetries = b.maxTaskRetries;
    this.retryBackoff = b.retryBackoff;
    this.maxActorRestarts = b.maxActorRestarts;
    this.errorPolicy = b.errorPolicy;
    this.noProgressTimeout = b.noProgressTimeout;
    this.faultInjection = b.faultInjection;
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
    b.maxTaskRetries = maxTaskRetries;
    b.retryBackoff = retryBackoff;
    b.maxActorRestarts = maxActorRestarts;
    b.errorPolicy = errorPolicy;
    b.noProgressTimeout = noProgressTimeout;
    b.faultInjection = faultInjection;
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

  /**
   * How often a failed task (an exception or I/O error in a reader, UDF or writer) is retried before
   * the error policy applies (default 3). UDFs and readers are assumed deterministic: a retry must
   * produce the same rows.
   */
  public int maxTaskRetries() {
    return maxTaskRetries;
  }

  /** Wait before the first retry; doubles with every further attempt, up to 5 s (default 50 ms). */
  public java.time.Duration retryBackoff() {
    return retryBackoff;
  }

  /** How many times each actor pool may rebuild a failed or dead actor (default 3). */
  public int maxActorRestarts() {
    return maxActorRestarts;
  }

  /** What happens to rows that still fail after retries (default: fail the job). */
  public ErrorPolicy errorPolicy() {
    return errorPolicy;
  }

  /**
   * If no operator makes progress for this long, the job fails with a diagnostic dump of every
   * operator's queue, tasks, actors and memory (default 10 minutes).
   */
  public java.time.Duration noProgressTimeout() {
    return noProgressTimeout;
  }

  /** Test-only fault injection (default none). */
  public FaultInjection faultInjection() {
    return faultInjection;
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
    private int maxTaskRetries = 3;
    private java.time.Duration retryBackoff = java.time.Duration.ofMillis(50);
    private int maxActorRestarts = 3;
    private ErrorPolicy errorPolicy = ErrorPolicy.fail();
    private java.time.Duration noProgressTimeout = java.time.Duration.ofMinutes(10);
    private FaultInjection faultInjection = FaultInjection.none();

    private Builder() {}

    public Builder maxTaskRetries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("maxTaskRetries must be >= 0, got " + retries);
      }
      this.maxTaskRetries = retries;
      return this;
    }

    public Builder retryBackoff(java.time.Duration backoff) {
      if (backoff.isNegative()) {
        throw new IllegalArgumentException("retryBackoff must be >= 0, got " + backoff);
      }
      this.retryBackoff = backoff;
      return this;
    }

    public Builder maxActorRestarts(int restarts) {
      if (restarts < 0) {
        throw new IllegalArgumentException("maxActorRestarts must be >= 0, got " + restarts);
      }
      this.maxActorRestarts = restarts;
      return this;
    }

    public Builder errorPolicy(ErrorPolicy policy) {
      this.errorPolicy = java.util.Objects.requireNonNull(policy, "errorPolicy");
      return this;
    }

    public Builder noProgressTimeout(java.time.Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("noProgressTimeout must be positive, got " + timeout);
      }
      this.noProgressTimeout = timeout;
      return this;
    }

    public Builder faultInjection(FaultInjection faults) {
      this.faultInjection = java.util.Objects.requireNonNull(faults, "faultInjection");
      return this;
    }

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
