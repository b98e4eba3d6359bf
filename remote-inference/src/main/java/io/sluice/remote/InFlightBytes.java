package io.sluice.remote;

/**
 * The bound on the bytes a remote stage holds for requests that are not done: request bodies from
 * when they are built until their answer is parsed, and response bodies from when they arrive until
 * they are parsed. The actor thread that builds requests waits here when the bound is reached, so a
 * slow endpoint holds the stage back instead of letting queued bodies grow without limit. One body
 * larger than the whole bound is let through when nothing else is held (else it could never go).
 * Thread-safe.
 *
 * <p>Call-order rules: every {@link #acquire} is matched by one {@link #release} of the same count;
 * callback threads (which must never block) use {@link #force}.
 */
final class InFlightBytes {

  private final long limit;
  private long held;
  private long waits;

  InFlightBytes(long limit) {
    this.limit = limit;
  }

  /** Takes {@code n} bytes, waiting while they do not fit; returns whether it had to wait. */
  synchronized boolean acquire(long n) throws InterruptedException {
    boolean waited = false;
    while (held > 0 && held + n > limit) {
      waited = true;
      wait();
    }
    held += n;
    if (waited) {
      waits++;
    }
    return waited;
  }

  /** Takes {@code n} bytes without waiting (a callback splitting a request it already holds). */
  synchronized void force(long n) {
    held += n;
  }

  synchronized void release(long n) {
    held -= n;
    notifyAll();
  }

  synchronized long held() {
    return held;
  }

  long limit() {
    return limit;
  }
}
