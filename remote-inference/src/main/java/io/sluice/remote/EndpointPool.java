package io.sluice.remote;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints of one client and the rules for choosing among them: least outstanding requests
 * among those in rotation and under their concurrency limit (ties broken round-robin); ejection for
 * {@code ejectFor} after a connection failure or timeout, or after three 5xx in a row; a pause
 * until the server's Retry-After after a 429. An endpoint back from ejection takes one request at a
 * time until one succeeds; when all are ejected, they are probed one request at a time rather than
 * waited for. Not thread-safe: the owning client calls it under its lock.
 */
final class EndpointPool {

  static final int SERVER_ERRORS_BEFORE_EJECTION = 3;

  private final List<Endpoint> endpoints = new ArrayList<>();
  private final int maxConcurrent;
  private final long ejectNanos;
  private int nextTie;

  EndpointPool(List<URI> bases, String path, int maxConcurrent, Duration ejectFor) {
    for (URI b : bases) {
      endpoints.add(new Endpoint(endpoints.size(), b, resolve(b, path)));
    }
    this.maxConcurrent = maxConcurrent;
    this.ejectNanos = ejectFor.toNanos();
  }

  /**
   * {@code base} + {@code path}, where a base without a trailing {@code /v1} gets one; a query of
   * the base (e.g. {@code ?api-version=...}) stays at the end.
   */
  static URI resolve(URI base, String path) {
    String s = base.getRawPath() == null ? "/" : base.getRawPath();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (!s.endsWith("/v1")) {
      s += "/v1";
    }
    StringBuilder uri = new StringBuilder(base.getScheme()).append("://");
    if (base.getRawUserInfo() != null) {
      uri.append(base.getRawUserInfo()).append('@');
    }
    uri.append(base.getRawAuthority().substring(base.getRawAuthority().indexOf('@') + 1))
        .append(s)
        .append(path);
    if (base.getRawQuery() != null) {
      uri.append('?').append(base.getRawQuery());
    }
    return URI.create(uri.toString());
  }

  List<Endpoint> endpoints() {
    return endpoints;
  }

  /** The endpoint to send the next request to, or null when none is in rotation with room. */
  Endpoint pick(long now) {
    Endpoint best = null;
    int n = endpoints.size();
    for (int k = 0; k < n; k++) {
      Endpoint e = endpoints.get((nextTie + k) % n);
      if (e.available(now)
          && e.outstanding < e.limit(maxConcurrent)
          && (best == null || e.outstanding < best.outstanding)) {
        best = e;
      }
    }
    if (best == null) {
      best = panicProbe(now);
    }
    if (best != null) {
      nextTie = (best.index + 1) % n;
      if (best.ejected) {
        best.ejected = false;
        best.probation = true;
      }
    }
    return best;
  }

  /**
   * Panic mode (as Envoy calls it): when every endpoint is ejected, waiting out the ejections would
   * only delay the failure or the recovery, so the idle one due back first is probed now, one
   * request at a time; the requests' own backoff paces the probes.
   */
  private Endpoint panicProbe(long now) {
    Endpoint probe = null;
    for (Endpoint e : endpoints) {
      if (!e.ejected || e.available(now)) {
        return null;
      }
      if (e.outstanding == 0
          && (probe == null || e.unavailableUntil - probe.unavailableUntil < 0)) {
        probe = e;
      }
    }
    return probe;
  }

  /**
   * When an endpoint comes back into rotation, or -1 when one is in rotation already (then only
   * concurrency limits hold requests back, and a completion frees room).
   */
  long nextAvailable(long now) {
    long earliest = Long.MAX_VALUE;
    for (Endpoint e : endpoints) {
      if (e.available(now)) {
        return -1;
      }
      earliest = Math.min(earliest, e.unavailableUntil);
    }
    return earliest;
  }

  void succeeded(Endpoint e, long now) {
    if (e.probation && !e.available(now)) {
      e.unavailableUntil = now; // a panic probe came back: in rotation again
    }
    e.consecutiveFailures = 0;
    e.probation = false;
    e.lastError = null;
  }

  /** A connection failure or timeout: out of rotation at once. */
  void unreachable(Endpoint e, String error, long now) {
    e.lastError = error;
    e.consecutiveFailures++;
    eject(e, now);
  }

  /** A 5xx: out of rotation after a few in a row (one 500 is often one bad request). */
  void serverError(Endpoint e, String error, long now) {
    e.lastError = error;
    e.consecutiveFailures++;
    if (e.consecutiveFailures >= SERVER_ERRORS_BEFORE_EJECTION || e.probation) {
      eject(e, now);
    }
  }

  /**
   * A 429 or exhausted rate-limit headers ({@code why}): no new requests until {@code pauseNanos}
   * have passed.
   */
  void pause(Endpoint e, long pauseNanos, long now, String why) {
    e.lastError = why;
    e.unavailableUntil = Math.max(e.unavailableUntil, now + pauseNanos);
  }

  private void eject(Endpoint e, long now) {
    e.ejected = true;
    e.probation = false;
    e.ejections++;
    e.unavailableUntil = Math.max(e.unavailableUntil, now + ejectNanos);
  }

  /** Every endpoint with its state and last error, for failure messages. */
  String describe(long now) {
    StringBuilder sb = new StringBuilder();
    for (Endpoint e : endpoints) {
      sb.append(sb.length() == 0 ? "" : "; ").append(e.label).append(" (");
      if (!e.available(now)) {
        sb.append(e.ejected ? "ejected" : "paused")
            .append(" for ")
            .append((e.unavailableUntil - now) / 1_000_000)
            .append(" ms more, ");
      }
      sb.append(e.ejections)
          .append(" ejections, last error: ")
          .append(e.lastError == null ? "none" : e.lastError)
          .append(")");
    }
    return sb.toString();
  }
}
