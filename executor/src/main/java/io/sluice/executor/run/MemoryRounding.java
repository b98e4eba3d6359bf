package io.sluice.executor.run;

import org.apache.arrow.memory.rounding.RoundingPolicy;

/**
 * How the job's allocators round buffer sizes. Arrow's default rounds every buffer below 16 MiB up
 * to a power of two, so a 10.5 MB block is charged 16 MiB and a 130 KB vector 256 KiB: the budget
 * then counts memory nobody uses, and estimates made from blocks' data sizes undershoot the charge
 * by up to 2x. Here sizes round to the pooled allocator's own size classes instead (netty's: four
 * per power of two, so at most 25% above the request, and what the pool really sets aside), and
 * above its 16 MiB chunks, where buffers are allocated exactly, to 4 KiB pages.
 */
public final class MemoryRounding implements RoundingPolicy {

  public static final MemoryRounding INSTANCE = new MemoryRounding();

  private static final long SMALL = 1L << 10;
  private static final long CHUNK = 16L << 20;
  private static final long PAGE = 4L << 10;

  private MemoryRounding() {}

  @Override
  public long getRoundedSize(long requestSize) {
    if (requestSize <= 1) {
      return requestSize;
    }
    if (requestSize <= SMALL) {
      return Long.highestOneBit(requestSize - 1) << 1;
    }
    long step = requestSize <= CHUNK ? Long.highestOneBit(requestSize - 1) / 4 : PAGE;
    return (requestSize + step - 1) / step * step;
  }
}
