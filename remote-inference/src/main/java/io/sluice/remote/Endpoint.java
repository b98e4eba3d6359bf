package io.sluice.remote;

import java.net.URI;

/**
 * One server (a vLLM data-parallel rank, a replica) as one client instance sees it: requests in
 * flight, and until when it is out of rotation. Mutable; guarded by the owning {@link EndpointPool}'s
 * caller's lock.
 */
final class Endpoint {

  final URI base;
  final URI url;
  final int index;
  int outstanding;
  /** Out of rotation until this time (nanoTime): ejected after failures, or paused by Retry-After. */
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
  }

  boolean available(long now) {
    return now - unavailableUntil >= 0;
  }

  int limit(int maxConcurrent) {
    return probation ? 1 : maxConcurrent;
  }

  @Override
  public String toString() {
    return base.toString();
  }
}
