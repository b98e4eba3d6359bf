package io.sluice.remote;

/**
 * The global requests-per-second limit: permits are spaced evenly ({@code 1/rate} apart) rather
 * than refilled per period, so no window of any length sees more than its share plus one (two, at
 * most half an interval apart, after a late wake-up). Non-blocking: the caller asks when it may
 * send and schedules itself. Guarded by the caller's lock.
 */
final class RequestPacer {

  private final long intervalNanos;
  private long nextNanos = Long.MIN_VALUE;

  RequestPacer(double requestsPerSecond) {
    this.intervalNanos = Math.max(1, Math.round(1e9 / requestsPerSecond));
  }

  /** Nanos until a permit is free at {@code now} (0: now); takes nothing. */
  long delay(long now) {
    return nextNanos == Long.MIN_VALUE || now - nextNanos >= 0 ? 0 : nextNanos - now;
  }

  /**
   * Takes a permit and returns 0 when one is free at {@code now}, else the nanos until the next one
   * (nothing taken).
   */
  long tryAcquire(long now) {
    if (nextNanos == Long.MIN_VALUE || now - nextNanos >= 0) {
      // A caller woken a little late (under half an interval: timer lag on a busy machine) keeps
      // the
      // schedule, so lag does not add up to a lower rate; after a longer gap the schedule restarts
      // from now, so idle time banks nothing.
      boolean onSchedule = nextNanos != Long.MIN_VALUE && now - nextNanos < intervalNanos / 2;
      nextNanos = (onSchedule ? nextNanos : now) + intervalNanos;
      return 0;
    }
    return nextNanos - now;
  }
}
