package io.sluice.inference;

import ai.onnxruntime.OrtSession;

/**
 * One actor's hold on a cached session. Call-order rules: use {@link #session()} only between
 * acquiring the lease and {@link #close()}; close exactly once. The session stays open while any
 * lease is held, even if the cache evicts it meanwhile; it is closed when the last lease goes.
 */
public final class SessionLease implements AutoCloseable {

  private final SessionCache.Entry entry;
  private boolean closed;

  SessionLease(SessionCache.Entry entry) {
    this.entry = entry;
  }

  public OrtSession session() {
    if (closed) {
      throw new IllegalStateException("session lease for " + entry.key() + " already closed");
    }
    return entry.session();
  }

  /** The device the session actually runs on (the CPU after a CUDA fallback). */
  public Device device() {
    return entry.actual();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      entry.release();
    }
  }
}
