package io.sluice.executor.store;

import java.util.concurrent.atomic.AtomicLong;

/** What one job's spilling cost: bytes out and back, file bytes on disk, time. Thread-safe. */
public final class SpillStats {

  private final AtomicLong spilledBytes = new AtomicLong();
  private final AtomicLong fileBytes = new AtomicLong();
  private final AtomicLong readBytes = new AtomicLong();
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong writeNanos = new AtomicLong();
  private final AtomicLong readNanos = new AtomicLong();

  void wrote(long arrowBytes, long onDisk, long nanos) {
    spilledBytes.addAndGet(arrowBytes);
    fileBytes.addAndGet(onDisk);
    files.incrementAndGet();
    writeNanos.addAndGet(nanos);
  }

  void read(long arrowBytes, long nanos) {
    readBytes.addAndGet(arrowBytes);
    readNanos.addAndGet(nanos);
  }

  /** Arrow bytes written out (uncompressed size of the spilled blocks). */
  public long spilledBytes() {
    return spilledBytes.get();
  }

  /** Bytes of the spill files on disk (compressed). */
  public long fileBytes() {
    return fileBytes.get();
  }

  /** Arrow bytes read back. */
  public long readBytes() {
    return readBytes.get();
  }

  public long files() {
    return files.get();
  }

  /** Time spent writing and reading spill files, over all threads. */
  public long nanos() {
    return writeNanos.get() + readNanos.get();
  }
}
