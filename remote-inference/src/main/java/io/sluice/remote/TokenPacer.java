package io.sluice.remote;

/**
 * The tokens-per-minute limit, paced like {@link RequestPacer} but weighted: a request of {@code k}
 * estimated tokens pushes the next send {@code k / rate} later, so no window of any length sees
 * more than its share of the limit plus one request. The estimate is corrected when the response's
 * {@code usage} tells the real count ({@link #adjust}). Non-blocking: the caller asks when it may
 * send and schedules itself. Guarded by the caller's lock.
 *
 * <p>Why not resilience4j's RateLimiter (the module's other limits say so too): it refills a whole
 * period's permits at once, so a per-minute limit would let a minute's tokens out in one burst, and
 * it refuses a request bigger than one period's permits; even spacing avoids both.
 */
final class TokenPacer {

  private final double nanosPerToken;
  private long nextNanos = Long.MIN_VALUE;

  TokenPacer(double tokensPerMinute) {
    this.nanosPerToken = 60e9 / tokensPerMinute;
  }

  /** Nanos until a request may go at {@code now} (0: now); charges nothing. */
  long delay(long now) {
    return nextNanos == Long.MIN_VALUE || now - nextNanos >= 0 ? 0 : nextNanos - now;
  }

  /**
   * Charges {@code tokens} and returns 0 when a request may go at {@code now}, else the nanos until
   * it may (nothing charged).
   */
  long tryAcquire(long now, long tokens) {
    if (nextNanos == Long.MIN_VALUE || now - nextNanos >= 0) {
      nextNanos = now + Math.round(tokens * nanosPerToken);
      return 0;
    }
    return nextNanos - now;
  }

  /**
   * Corrects an earlier charge by {@code delta} tokens (actual minus estimated); a refund never
   * moves the next send before {@code now}, so idle time earns no burst.
   */
  void adjust(long now, long delta) {
    if (nextNanos == Long.MIN_VALUE) {
      return;
    }
    long next = nextNanos + Math.round(delta * nanosPerToken);
    nextNanos = delta < 0 && next - now < 0 ? Math.max(Math.min(nextNanos, now), next) : next;
  }
}
