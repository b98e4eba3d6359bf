package io.sluice.api;

import java.util.Objects;

/**
 * The resource request a transform carries. Two kinds exist:
 *
 * <ul>
 *   <li>{@link Tasks}: stateless tasks on the shared CPU pool; any worker thread may run any block.
 *       The UDF sees the blocks as they come unless a batch size is set.
 *   <li>{@link Actors}: a pool of long-lived actors, each holding its own UDF instance built once
 *       from a factory, fed batches of exactly {@code batchSize} rows (the last may be smaller).
 * </ul>
 *
 * A batch size in rows ({@code batchSize}) and one in bytes ({@code batchBytes}, Arrow bytes as the
 * executor accounts them) may both be set: a batch then ends at whichever comes first, and is at
 * least one row. Batches are cut in input order and never span two read splits of a resumable job,
 * so the last batch of a split, and of the input, may be smaller. Values are immutable and compare
 * by value, so the optimizer can fuse transforms with equal requests.
 */
public abstract sealed class Compute permits Compute.Tasks, Compute.Actors {

  final double cpus;
  final int batchSize;
  final long batchBytes;

  private Compute(double cpus, int batchSize, long batchBytes) {
    if (!(cpus >= 0) || Double.isInfinite(cpus)) {
      throw new IllegalArgumentException("cpus must be >= 0 and finite, got " + cpus);
    }
    if (batchBytes < 0) {
      throw new IllegalArgumentException(
          "batchBytes must be >= 1 (or 0 for no byte limit), got " + batchBytes);
    }
    this.cpus = cpus;
    this.batchSize = batchSize;
    this.batchBytes = batchBytes;
  }

  /** Stateless tasks on the CPU pool, one CPU slot each. */
  public static Tasks tasks() {
    return new Tasks(1.0, 0, 0);
  }

  /** A pool of between {@code min} and {@code max} actors (scaled up by queue pressure). */
  public static Actors actors(int min, int max) {
    return new Actors(1.0, 0.0, min, max, 256, 0);
  }

  /** A fixed-size pool of {@code n} actors. */
  public static Actors actors(int n) {
    return actors(n, n);
  }

  /** Logical CPU slots one task or actor occupies while it runs. */
  public double cpus() {
    return cpus;
  }

  /** Most rows the UDF gets in one call; 0 when tasks take blocks as they come. */
  public int batchSize() {
    return batchSize;
  }

  /** Most Arrow bytes the UDF gets in one call (at least one row); 0 when not limited by bytes. */
  public long batchBytes() {
    return batchBytes;
  }

  /** Whether the executor re-cuts the input into batches before the UDF sees it. */
  public boolean rebatches() {
    return batchSize() > 0 || batchBytes() > 0;
  }

  /** Stateless CPU tasks. */
  public static final class Tasks extends Compute {

    private Tasks(double cpus, int batchSize, long batchBytes) {
      super(cpus, batchSize, batchBytes);
      if (cpus == 0) {
        // A task holding no CPU slot would make the pool's concurrency unbounded.
        throw new IllegalArgumentException("cpus must be positive for tasks, got " + cpus);
      }
      if (batchSize < 0) {
        throw new IllegalArgumentException(
            "batchSize must be >= 1 (or 0 for blocks as they come), got " + batchSize);
      }
    }

    public Tasks cpus(double cpus) {
      return new Tasks(cpus, batchSize, batchBytes);
    }

    /**
     * Calls the UDF with batches of exactly {@code batchSize} rows (see {@link Compute} for the
     * last ones).
     */
    public Tasks batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
      }
      return new Tasks(cpus, batchSize, batchBytes);
    }

    /** Calls the UDF with batches of about {@code batchBytes} Arrow bytes (see {@link Compute}). */
    public Tasks batchBytes(long batchBytes) {
      return new Tasks(cpus, batchSize, batchBytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tasks t
          && t.cpus == cpus
          && t.batchSize == batchSize
          && t.batchBytes == batchBytes;
    }

    @Override
    public int hashCode() {
      return Objects.hash(cpus, batchSize, batchBytes);
    }

    @Override
    public String toString() {
      return "tasks(cpus="
          + cpus
          + (batchSize > 0 ? ", batchSize=" + batchSize : "")
          + (batchBytes > 0 ? ", batchBytes=" + batchBytes : "")
          + ")";
    }
  }

  /**
   * A stateful actor pool. GPU fractions let several actors share a device: 0.25 puts four on one.
   */
  public static final class Actors extends Compute {
    private final double gpus;
    private final int minActors;
    private final int maxActors;

    private Actors(
        double cpus, double gpus, int minActors, int maxActors, int batchSize, long batchBytes) {
      super(cpus, batchSize, batchBytes);
      if (minActors < 1 || maxActors < minActors) {
        throw new IllegalArgumentException(
            "actor pool needs 1 <= min <= max, got min=" + minActors + " max=" + maxActors);
      }
      if (gpus < 0 || Double.isNaN(gpus) || Double.isInfinite(gpus)) {
        throw new IllegalArgumentException("gpus must be >= 0, got " + gpus);
      }
      if (gpus > 1 && gpus != Math.rint(gpus)) {
        throw new IllegalArgumentException("gpus above 1 must be a whole number, got " + gpus);
      }
      if (gpus > 0 && gpus < 1 && Math.abs(1.0 / gpus - Math.rint(1.0 / gpus)) > 1e-9) {
        throw new IllegalArgumentException(
            "a GPU fraction must divide one device exactly (1/2, 1/3, 1/4...), got " + gpus);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
      }
      this.gpus = gpus;
      this.minActors = minActors;
      this.maxActors = maxActors;
    }

    /**
     * CPU slots each busy actor holds; 0 for actors whose work runs elsewhere (a GPU, a remote
     * service).
     */
    public Actors cpus(double cpus) {
      return new Actors(cpus, gpus, minActors, maxActors, batchSize, batchBytes);
    }

    public Actors gpus(double gpus) {
      return new Actors(cpus, gpus, minActors, maxActors, batchSize, batchBytes);
    }

    public Actors batchSize(int batchSize) {
      return new Actors(cpus, gpus, minActors, maxActors, batchSize, batchBytes);
    }

    public double gpus() {
      return gpus;
    }

    public int minActors() {
      return minActors;
    }

    public int maxActors() {
      return maxActors;
    }

    /**
     * Also caps each batch at about {@code batchBytes} Arrow bytes (see {@link Compute}); 0 for no
     * cap.
     */
    public Actors batchBytes(long batchBytes) {
      return new Actors(cpus, gpus, minActors, maxActors, batchSize, batchBytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Actors a
          && a.cpus == cpus
          && a.gpus == gpus
          && a.minActors == minActors
          && a.maxActors == maxActors
          && a.batchSize == batchSize
          && a.batchBytes == batchBytes;
    }

    @Override
    public int hashCode() {
      return Objects.hash(cpus, gpus, minActors, maxActors, batchSize, batchBytes);
    }

    @Override
    public String toString() {
      return "actors("
          + minActors
          + ".."
          + maxActors
          + ", cpus="
          + cpus
          + ", gpus="
          + gpus
          + ", batchSize="
          + batchSize
          + (batchBytes > 0 ? ", batchBytes=" + batchBytes : "")
          + ")";
    }
  }
}
