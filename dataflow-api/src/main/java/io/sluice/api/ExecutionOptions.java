package io.sluice.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a job executes. Immutable; build with {@link #builder()} or start from {@link #defaults()}.
 *
 * <p>The memory budget bounds the bytes of Arrow blocks the executor keeps (queued, in flight and
 * held); by default it is half of the off-heap memory the process can get (the direct-memory limit,
 * else physical memory minus the heap). Blocks that must be kept beyond it are spilled to disk.
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
  private final Path spillDir;
  private final long spillQuotaBytes;
  private final SpillCodec spillCodec;

  /** How spilled blocks are compressed on disk (Arrow IPC body compression). */
  public enum SpillCodec { LZ4_FRAME, ZSTD, NONE }

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
    this.spillDir = b.spillDir;
    this.spillQuotaBytes = b.spillQuotaBytes;
    this.spillCodec = b.spillCodec;
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
    b.spillDir = spillDir;
    b.spillQuotaBytes = spillQuotaBytes;
    b.spillCodec = spillCodec;
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

  /** Logical GPU slots (default: the NVIDIA GPUs visible to the process, 0 without a driver). */
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
   * produce the same rows. Failures a retry cannot change are tried once: {@link PlanException}s fail
   * the job at once, {@link DeterministicException}s (bad data) go straight to the error policy.
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

  /**
   * Where blocks that do not fit the memory budget are spilled (a job-private subdirectory, deleted
   * at the job's end, on failure too); {@link #tempDir()}, else the system temp dir, when empty.
   */
  public Optional<Path> spillDir() {
    return Optional.ofNullable(spillDir != null ? spillDir : tempDir);
  }

  /**
   * Most bytes one job may write to its spill directory (default unlimited: the disk's free space
   * bounds it). Passing it fails the job with the directory and the bytes needed.
   */
  public long spillQuotaBytes() {
    return spillQuotaBytes;
  }

  /**
   * Compression of spill files (default ZSTD at level 1: native, fast, the smallest files; LZ4_FRAME,
   * through lz4-java, spills about as fast with files about 1.5x as large).
   */
  public SpillCodec spillCodec() {
    return spillCodec;
  }

  @Override
  public String toString() {
    return "ExecutionOptions{memoryBudget=" + memoryBudgetBytes + ", targetBlock=" + targetBlockBytes
        + ", cpuSlots=" + cpuSlots + ", gpuSlots=" + gpuSlots + ", preserveOrder=" + preserveOrder + "}";
  }

  /**
   * Half of the memory Arrow blocks can really get: the JVM's direct-memory limit when one is set
   * ({@code -XX:MaxDirectMemorySize}), else the physical memory not claimed by the heap (Arrow's
   * buffers live off-heap), capped by the physical memory; at least 64 MiB. Half, because UDFs, the
   * heap and the OS page cache need the rest.
   */
  static long defaultBudget() {
    long heap = Runtime.getRuntime().maxMemory();
    long physical = physicalMemory();
    long direct = maxDirectMemory();
    long offHeap;
    if (direct > 0) {
      offHeap = physical > 0 ? Math.min(direct, physical) : direct;
    } else if (physical > 0) {
      offHeap = Math.max(physical - heap, physical / 4);
    } else {
      offHeap = heap;
    }
    return Math.max(64L << 20, offHeap / 2);
  }

  private static long physicalMemory() {
    try {
      java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
        return sun.getTotalMemorySize();
      }
    } catch (Throwable ignored) {
      // not a HotSpot JVM, or no management module: fall back on the heap
    }
    return -1;
  }

  private static long maxDirectMemory() {
    try {
      for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (arg.startsWith("-XX:MaxDirectMemorySize=")) {
          return parseSize(arg.substring(arg.indexOf('=') + 1));
        }
      }
    } catch (Throwable ignored) {
      // no management module
    }
    return -1;
  }

  static long parseSize(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    long mult = 1;
    char last = t.charAt(t.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g' || last == 't') {
      mult = switch (last) {
        case 'k' -> 1L << 10;
        case 'm' -> 1L << 20;
        case 'g' -> 1L << 30;
        default -> 1L << 40;
      };
      t = t.substring(0, t.length() - 1);
    }
    return Long.parseLong(t) * mult;
  }

  /** Builder; every setter validates its argument and names the option at fault. */
  public static final class Builder {
    private long memoryBudgetBytes = defaultBudget();
    private long targetBlockBytes = DEFAULT_TARGET_BLOCK_BYTES;
    private int cpuSlots = Runtime.getRuntime().availableProcessors();
    private int gpuSlots = GpuDetection.visibleGpus();
    private boolean preserveOrder = true;
    private boolean progress = true;
    private Path tempDir;
    private int maxTaskRetries = 3;
    private java.time.Duration retryBackoff = java.time.Duration.ofMillis(50);
    private int maxActorRestarts = 3;
    private ErrorPolicy errorPolicy = ErrorPolicy.fail();
    private java.time.Duration noProgressTimeout = java.time.Duration.ofMinutes(10);
    private Path spillDir;
    private long spillQuotaBytes = Long.MAX_VALUE;
    private SpillCodec spillCodec = SpillCodec.ZSTD;

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

    /** Where blocks over the memory budget are spilled (default: {@code tempDir}). */
    public Builder spillDir(Path dir) {
      this.spillDir = dir;
      return this;
    }

    public Builder spillQuotaBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("spillQuotaBytes must be positive, got " + bytes);
      }
      this.spillQuotaBytes = bytes;
      return this;
    }

    public Builder spillCodec(SpillCodec codec) {
      this.spillCodec = java.util.Objects.requireNonNull(codec, "spillCodec");
      return this;
    }

    public ExecutionOptions build() {
      return new ExecutionOptions(this);
    }
  }
}
