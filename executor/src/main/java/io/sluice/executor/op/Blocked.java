package io.sluice.executor.op;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Why an operator cannot start a task now, and a future that completes when that may have changed
 * (Trino's {@code isBlocked} future plus Velox's reason). {@link #NOT_BLOCKED} and {@link #DONE}
 * are shared and already complete.
 */
public final class Blocked {

  private static final CompletableFuture<Void> COMPLETE = CompletableFuture.completedFuture(null);

  public static final Blocked NOT_BLOCKED = new Blocked(BlockingReason.NOT_BLOCKED, COMPLETE);
  public static final Blocked DONE = new Blocked(BlockingReason.DONE, COMPLETE);

  private final BlockingReason reason;
  private final CompletableFuture<Void> changed;

  Blocked(BlockingReason reason, CompletableFuture<Void> changed) {
    this.reason = reason;
    this.changed = changed;
  }

  public BlockingReason reason() {
    return reason;
  }

  /** Completes when the operator's answer may be different. */
  public CompletionStage<Void> changed() {
    return changed.minimalCompletionStage();
  }

  /** Whether {@link #changed()} has completed. */
  public boolean mayHaveChanged() {
    return changed.isDone();
  }

  @Override
  public String toString() {
    return reason.name();
  }
}
