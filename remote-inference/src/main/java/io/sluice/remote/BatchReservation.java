package io.sluice.remote;

import org.apache.arrow.memory.AllocationReservation;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Makes the executor's memory budget see one batch's request and response bodies, which live on the
 * JVM heap: their sizes are reserved on the batch's Arrow allocator (an accounting-only
 * reservation: it counts against the allocator's limits and shows in its allocated bytes, the
 * figure the executor's budget and backpressure read, but takes no memory), and given back when the
 * batch's columns are built. Best effort: bytes the allocator's limit refuses are left uncounted
 * rather than failing the batch ({@link InFlightBytes} already bounds what is really held).
 * Thread-safe: HTTP callback threads add response bytes while the actor thread adds request bytes.
 *
 * <p>Call order: {@link #add} any number of times from any thread, {@link #close} once, after every
 * request of the batch ended (later adds are ignored).
 */
final class BatchReservation implements AutoCloseable {

  private final AllocationReservation reservation;
  private long counted;
  private long refused;
  private boolean closed;

  BatchReservation(BufferAllocator allocator) {
    this.reservation = allocator.newReservation();
  }

  /** Counts {@code bytes} more, if the allocator's limit allows. */
  synchronized void add(long bytes) {
    if (closed || bytes <= 0) {
      return;
    }
    if (reservation.add(bytes)) {
      counted += bytes;
    } else {
      refused += bytes;
    }
  }

  /** Bytes counted so far. */
  synchronized long counted() {
    return counted;
  }

  /** Bytes the allocator's limit did not let it count. */
  synchronized long refused() {
    return refused;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      reservation.close();
    }
  }
}
