package io.sluice.api.options;

import java.time.Duration;
import java.util.Objects;

/**
 * What a job shows of itself while it runs.
 *
 * @param progress whether to draw progress bars on a terminal (default true; never drawn off a
 *     terminal)
 * @param noProgressTimeout if no operator makes progress for this long, the job fails with a dump
 *     of every operator's queue, tasks, actors, memory and why it is blocked (default 10 minutes)
 */
public record Diagnostics(boolean progress, Duration noProgressTimeout) {

  public Diagnostics {
    Objects.requireNonNull(noProgressTimeout, "diagnostics.noProgressTimeout");
    if (noProgressTimeout.isNegative() || noProgressTimeout.isZero()) {
      throw new IllegalArgumentException(
          "diagnostics.noProgressTimeout must be positive, got " + noProgressTimeout);
    }
  }

  public static Diagnostics defaults() {
    return new Diagnostics(true, Duration.ofMinutes(10));
  }

  public Diagnostics withProgress(boolean show) {
    return new Diagnostics(show, noProgressTimeout);
  }

  public Diagnostics withNoProgressTimeout(Duration timeout) {
    return new Diagnostics(progress, timeout);
  }
}
