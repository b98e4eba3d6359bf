package io.sluice.executor.op;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * The future behind an operator's {@link Blocked} values. The operator calls {@link #changed()}
 * whenever something that decides {@code blocked()} changed (input arrived, a port is done, a task
 * ended); the future handed out so far completes and the next answer gets a fresh one. A future is
 * made only once an answer was handed out since the last change, and each reason's value is made
 * once per future, so asking repeatedly allocates nothing. Loop thread only.
 */
public final class ChangeSignal {

  private static final int REASONS = BlockingReason.values().length;

  private CompletableFuture<Void> future;
  private final Blocked[] values = new Blocked[REASONS];

  /** The value for {@code reason}, whose future completes at the next {@link #changed()}. */
  public Blocked blocked(BlockingReason reason) {
    if (reason == BlockingReason.NOT_BLOCKED) {
      return Blocked.NOT_BLOCKED;
    }
    if (reason == BlockingReason.DONE) {
      return Blocked.DONE;
    }
    Blocked b = values[reason.ordinal()];
    if (b == null) {
      if (future == null) {
        future = new CompletableFuture<>();
      }
      b = new Blocked(reason, future);
      values[reason.ordinal()] = b;
    }
    return b;
  }

  /** Something that decides {@code blocked()} changed: wakes whoever waits on the last answer. */
  public void changed() {
    CompletableFuture<Void> f = future;
    if (f != null) {
      future = null;
      Arrays.fill(values, null);
      f.complete(null);
    }
  }
}
