package io.sluice.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Growable direct native-order buffers, reused across batches so the hot path allocates none. */
final class DirectBuffers {

  private DirectBuffers() {}

  /** {@code current} if it holds {@code bytes}, else a new direct buffer with 25% headroom. */
  static ByteBuffer ensure(ByteBuffer current, long bytes) {
    if (bytes > Integer.MAX_VALUE) {
      throw new OutOfMemoryError(
          "a single tensor of " + bytes + " bytes exceeds the 2 GiB buffer limit");
    }
    if (current != null && current.capacity() >= bytes) {
      return current;
    }
    long grown = Math.min(Integer.MAX_VALUE, Math.max(bytes, bytes + bytes / 4));
    return ByteBuffer.allocateDirect((int) grown).order(ByteOrder.nativeOrder());
  }
}
