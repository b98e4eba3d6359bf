package io.sluice.remote;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retry delays: exponential with "equal jitter", the server's Retry-After, and its rate-limit
 * headers. Stateless.
 */
final class Backoff {

  private Backoff() {}

  /**
   * The wait before retry number {@code retry} (1-based): {@code base * 2^(retry-1)} capped at
   * {@code max}, half of it fixed and half random, so clients that failed together do not retry in
   * step.
   */
  static long delayNanos(Duration base, Duration max, int retry) {
    int doublings = Math.max(0, retry - 1);
    long maxNanos = max.toNanos();
    long baseNanos = base.toNanos();
    long cap =
        doublings < 62 && baseNanos <= maxNanos >> doublings ? baseNanos << doublings : maxNanos;
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
        return Optional.of(
            Duration.ofMillis(Math.max(0, (long) Double.parseDouble(ms.get().trim()))));
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
        long at =
            ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        return Optional.of(Duration.ofMillis(Math.max(0, at - nowEpochMillis)));
      } catch (RuntimeException notDate) {
        return Optional.empty();
      }
    }
  }

  /**
   * How long the server asks for no more requests although it answered: the longest reset among
   * {@code x-ratelimit-remaining-requests} and {@code x-ratelimit-remaining-tokens} that are 0 or
   * less (OpenAI and vLLM-style gateways send these, with resets such as {@code 1s}, {@code 6m0s},
   * {@code 20ms}, or plain seconds); empty when nothing is exhausted or a reset is unparseable.
   */
  static Optional<Duration> rateLimitReset(HttpHeaders headers) {
    Duration longest = null;
    for (String kind : new String[] {"requests", "tokens"}) {
      Optional<String> remaining = headers.firstValue("x-ratelimit-remaining-" + kind);
      Optional<String> reset = headers.firstValue("x-ratelimit-reset-" + kind);
      if (remaining.isEmpty() || reset.isEmpty()) {
        continue;
      }
      try {
        if (Double.parseDouble(remaining.get().trim()) > 0) {
          continue;
        }
      } catch (NumberFormatException e) {
        continue;
      }
      Optional<Duration> d = parseReset(reset.get().trim());
      if (d.isPresent() && (longest == null || d.get().compareTo(longest) > 0)) {
        longest = d.get();
      }
    }
    return Optional.ofNullable(longest);
  }

  /** {@code 1h2m3.5s}, {@code 20ms}, {@code 6m0s} or plain seconds {@code 1.5}. */
  static Optional<Duration> parseReset(String s) {
    try {
      return Optional.of(Duration.ofNanos((long) (Double.parseDouble(s) * 1e9)));
    } catch (NumberFormatException notSeconds) {
      // units below
    }
    Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)").matcher(s);
    double nanos = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        return Optional.empty();
      }
      end = m.end();
      double v = Double.parseDouble(m.group(1));
      nanos +=
          v
              * switch (m.group(2)) {
                case "h" -> 3600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                default -> 1e6;
              };
    }
    return end == s.length() && end > 0
        ? Optional.of(Duration.ofNanos((long) nanos))
        : Optional.empty();
  }
}
