package io.sluice.executor.op;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The read splits of a resumable job: sources register their split keys when they start, the sink
 * recovers which of them earlier runs completed, and sources then skip those. Blocks carry their
 * split key, and while checkpointing no block, batch or file mixes two splits, so a split's rows
 * sit in files of their own. Loop thread only.
 */
public final class Checkpoints {

  private final boolean enabled;
  private final Set<String> splits = new LinkedHashSet<>();
  private Set<String> completed = Set.of();
  private long skipped;

  private Checkpoints(boolean enabled) {
    this.enabled = enabled;
  }

  public static Checkpoints disabled() {
    return new Checkpoints(false);
  }

  public static Checkpoints enabled() {
    return new Checkpoints(true);
  }

  public boolean isEnabled() {
    return enabled;
  }

  /** A source's split, in plan order. */
  public void register(String split) {
    splits.add(split);
  }

  public Set<String> splits() {
    return Set.copyOf(splits);
  }

  /** Splits an earlier run of this job finished (set by the sink before any split is read). */
  public void completed(Set<String> done) {
    completed = Set.copyOf(done);
  }

  /** Whether the split was finished by an earlier run; counts it as skipped when so. */
  public boolean skip(String split) {
    boolean done = completed.contains(split);
    skipped += done ? 1 : 0;
    return done;
  }

  /** Splits skipped because an earlier run finished them. */
  public long skipped() {
    return skipped;
  }
}
