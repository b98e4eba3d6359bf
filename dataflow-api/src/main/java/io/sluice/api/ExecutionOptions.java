package io.sluice.api;

import io.sluice.api.options.Blocks;
import io.sluice.api.options.Diagnostics;
import io.sluice.api.options.Resources;
import io.sluice.api.options.Retries;
import io.sluice.api.options.Spill;
import io.sluice.api.options.SpillCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a job executes, in five parts: {@link Resources} (memory budget, CPU and GPU slots), {@link
 * Blocks}, {@link Retries}, {@link Spill} and {@link Diagnostics}. Immutable; build with {@link
 * #builder()}, start from {@link #defaults()}, or change one part with a {@code withX} method.
 *
 * <p>The resources are <em>auto</em> unless set: the backend fills them in from the machine when it
 * is created, so making options probes nothing. The local backend's memory budget is then half of
 * the off-heap memory the process can get (the direct-memory limit, else physical memory minus the
 * heap); {@link Sluice#options()} shows the values in use.
 */
public record ExecutionOptions(
    Resources resources, Blocks blocks, Retries retries, Spill spill, Diagnostics diagnostics) {

  public ExecutionOptions {
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(blocks, "blocks");
    Objects.requireNonNull(retries, "retries");
    Objects.requireNonNull(spill, "spill");
    Objects.requireNonNull(diagnostics, "diagnostics");
  }

  /** Auto resources and every other part at its defaults. */
  public static ExecutionOptions defaults() {
    return new ExecutionOptions(
        Resources.auto(),
        Blocks.defaults(),
        Retries.defaults(),
        Spill.defaults(),
        Diagnostics.defaults());
  }

  public static Builder builder() {
    return new Builder(defaults());
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public ExecutionOptions withResources(Resources r) {
    return new ExecutionOptions(r, blocks, retries, spill, diagnostics);
  }

  public ExecutionOptions withBlocks(Blocks b) {
    return new ExecutionOptions(resources, b, retries, spill, diagnostics);
  }

  public ExecutionOptions withRetries(Retries r) {
    return new ExecutionOptions(resources, blocks, r, spill, diagnostics);
  }

  public ExecutionOptions withSpill(Spill s) {
    return new ExecutionOptions(resources, blocks, retries, s, diagnostics);
  }

  public ExecutionOptions withDiagnostics(Diagnostics d) {
    return new ExecutionOptions(resources, blocks, retries, spill, d);
  }

  /**
   * A fluent way to set single options, starting from {@link #defaults()} or from existing options.
   * Every setter validates at once, naming the option at fault ({@code resources.cpuSlots must be
   * >= 1, got 0}). Not thread-safe.
   */
  public static final class Builder {
    private Resources resources;
    private Blocks blocks;
    private Retries retries;
    private Spill spill;
    private Diagnostics diagnostics;

    private Builder(ExecutionOptions from) {
      this.resources = from.resources;
      this.blocks = from.blocks;
      this.retries = from.retries;
      this.spill = from.spill;
      this.diagnostics = from.diagnostics;
    }

    public Builder resources(Resources r) {
      this.resources = Objects.requireNonNull(r, "resources");
      return this;
    }

    public Builder blocks(Blocks b) {
      this.blocks = Objects.requireNonNull(b, "blocks");
      return this;
    }

    public Builder retries(Retries r) {
      this.retries = Objects.requireNonNull(r, "retries");
      return this;
    }

    public Builder spill(Spill s) {
      this.spill = Objects.requireNonNull(s, "spill");
      return this;
    }

    public Builder diagnostics(Diagnostics d) {
      this.diagnostics = Objects.requireNonNull(d, "diagnostics");
      return this;
    }

    /** {@link Resources#memoryBudgetBytes()}. */
    public Builder memoryBudgetBytes(long bytes) {
      resources = resources.withMemoryBudgetBytes(bytes);
      return this;
    }

    /** {@link Resources#cpuSlots()}. */
    public Builder cpuSlots(int slots) {
      resources = resources.withCpuSlots(slots);
      return this;
    }

    /** {@link Resources#gpuSlots()}. */
    public Builder gpuSlots(int slots) {
      resources = resources.withGpuSlots(slots);
      return this;
    }

    /** {@link Blocks#targetBytes()}. */
    public Builder targetBlockBytes(long bytes) {
      blocks = blocks.withTargetBytes(bytes);
      return this;
    }

    /** {@link Blocks#preserveOrder()}. */
    public Builder preserveOrder(boolean preserve) {
      blocks = blocks.withPreserveOrder(preserve);
      return this;
    }

    /** {@link Retries#maxTaskRetries()}. */
    public Builder maxTaskRetries(int n) {
      retries = retries.withMaxTaskRetries(n);
      return this;
    }

    /** {@link Retries#backoff()}. */
    public Builder retryBackoff(Duration backoff) {
      retries = retries.withBackoff(backoff);
      return this;
    }

    /** {@link Retries#maxActorRestarts()}. */
    public Builder maxActorRestarts(int restarts) {
      retries = retries.withMaxActorRestarts(restarts);
      return this;
    }

    /** {@link Retries#errorPolicy()}. */
    public Builder errorPolicy(ErrorPolicy policy) {
      retries = retries.withErrorPolicy(policy);
      return this;
    }

    /** {@link Spill#dir()}. */
    public Builder spillDir(Path dir) {
      spill = spill.withDir(dir);
      return this;
    }

    /** {@link Spill#quotaBytes()}. */
    public Builder spillQuotaBytes(long bytes) {
      spill = spill.withQuotaBytes(bytes);
      return this;
    }

    /** {@link Spill#codec()}. */
    public Builder spillCodec(SpillCodec codec) {
      spill = spill.withCodec(codec);
      return this;
    }

    /** {@link Diagnostics#progress()}. */
    public Builder progress(boolean show) {
      diagnostics = diagnostics.withProgress(show);
      return this;
    }

    /** {@link Diagnostics#noProgressTimeout()}. */
    public Builder noProgressTimeout(Duration timeout) {
      diagnostics = diagnostics.withNoProgressTimeout(timeout);
      return this;
    }

    public ExecutionOptions build() {
      return new ExecutionOptions(resources, blocks, retries, spill, diagnostics);
    }
  }
}
