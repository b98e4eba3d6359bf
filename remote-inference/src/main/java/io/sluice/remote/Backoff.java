package io.sluice.remote;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Retry delays: exponential with "equal jitter", and the server's Retry-After. Stateless. */
final class Backoff {

  private Backoff() {}

  /**
   * The wait before retry number {@code retry} (1-based): {@code base * 2^(retry-1)} capped at
   * {@code max}, half of it fixed and half random, so clients that failed together do not retry in step.
   */
  static long delayNanos(Duration base, Duration max, int retry) {
    int doublings = Math.max(0, retry - 1);
    long maxNanos = max.toNanos();
    long baseNanos = base.toNanos();
    long cap = doublings < 62 && baseNanos <= maxNanos >> doublings ? baseNanos << doublings : maxNanos;
    if (cap <= 0) {
      return 0;
    }
    long half = cap / 2;
    return half + ThreadLocalRandom.current().nextLong(cap - half + 1);
  }

  /**
   * The server's requested pause: {@code retry-after-ms} (OpenAI) or {@code Retry-After} as seconds
   * or an HTTP date; empty when absent or unparseable.
   */
  static Optional<Duration> retryAfter(HttpHeaders headers, long nowEpochMillis) {
    Optional<String> ms = headers.firstValue("retry-after-ms");
    if (ms.isPresent()) {
      try {
        return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.get().trim()))));
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    Optional<String> v = headers.firstValue("retry-after");
    if (v.isEmpty()) {
      return Optional.empty();
    }
    String s = v.get().trim();
    try {
      return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(s) * 1000))));
    } catch (NumberFormatException notSeconds) {
      try {
        long at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        return Optional.of(Duration.ofMillis(Math.max(0, at - nowEpochMillis)));
      } catch (RuntimeException notDate) {
        return Optional.empty();
      }
    }
  }
}
