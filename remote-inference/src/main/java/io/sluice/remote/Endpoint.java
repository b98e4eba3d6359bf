package io.sluice.remote;

import java.net.URI;

/**
 * One server (a vLLM data-parallel rank, a replica) as one client instance sees it: requests in
 * flight, and until when it is out of rotation. Mutable; guarded by the owning {@link
 * EndpointPool}'s caller's lock.
 */
final class Endpoint {

  final URI base;
  final URI url;

  /** {@link #label(URI)} of {@code base}: what counters, metrics and messages name it by. */
  final String label;

  final int index;
  int outstanding;

  /**
   * Out of rotation until this time (nanoTime): ejected after failures, or paused by Retry-After.
   */
  long unavailableUntil;

  boolean ejected;

  /** After an ejection: one request at a time until one succeeds. */
  boolean probation;

  int consecutiveFailures;
  int ejections;
  String lastError;

  Endpoint(int index, URI base, URI url) {
    this.index = index;
    this.base = base;
    this.url = url;
    this.label = label(base);
  }

  /**
   * {@code base} without user info, query or fragment ({@code https://host:port/v1}): a URL may
   * carry credentials there ({@code https://user:key@host/v1}, {@code ?api-key=...}), and this name
   * ends up in the stats table, the run report, Prometheus labels and dead-letter messages.
   */
  static String label(URI base) {
    StringBuilder sb = new StringBuilder();
    if (base.getScheme() != null) {
      sb.append(base.getScheme()).append("://");
    }
    sb.append(base.getHost() == null ? "?" : base.getHost());
    if (base.getPort() >= 0) {
      sb.append(':').append(base.getPort());
    }
    if (base.getRawPath() != null) {
      sb.append(base.getRawPath());
    }
    return sb.toString();
  }

  /**
   * The prefix of this endpoint's counters in {@link RemoteStats#named}: {@code
   * endpoint[<label>].}.
   */
  String counter(String name) {
    return "endpoint[" + label + "]." + name;
  }

  boolean available(long now) {
    return now - unavailableUntil >= 0;
  }

  int limit(int maxConcurrent) {
    return probation ? 1 : maxConcurrent;
  }

  @Override
  public String toString() {
    return label;
  }
}
