package io.sluice.executor.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The blocks of one spill file and their CRC32C checksums: block 0 is the Arrow schema message,
 * blocks 1..n the record batches, block n+1 the end-of-stream marker. Kept in memory by the file's
 * owner (spill files never outlive their process), so a flipped bit or a cut file is found before
 * Arrow parses a byte of it.
 *
 * <p>Call-order rules: while writing, {@link #channel} wraps the file's channel and {@link #mark}
 * closes a block after each Arrow message group; reading, {@link #checkLength} once at open, then
 * {@link #verify} for each block before the reader consumes it. Not thread-safe.
 */
final class SpillBlocks {

  private static final int CHUNK = 64 << 10;

  private long[] ends = new long[8];
  private int[] crcs = new int[8];
  private int count;
  private long position;
  private final CRC32C crc = new CRC32C();

  /** A channel that checksums and counts every byte written through it to {@code out}. */
  WritableByteChannel channel(WritableByteChannel out) {
    return new WritableByteChannel() {
      @Override
      public int write(ByteBuffer src) throws IOException {
        ByteBuffer view = src.duplicate();
        int n = out.write(src);
        view.limit(view.position() + n);
        crc.update(view);
        position += n;
        return n;
      }

      @Override
      public boolean isOpen() {
        return out.isOpen();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }

  /** Ends the current block at the bytes written so far. */
  void mark() {
    if (count == ends.length) {
      ends = Arrays.copyOf(ends, count * 2);
      crcs = Arrays.copyOf(crcs, count * 2);
    }
    ends[count] = position;
    crcs[count] = (int) crc.getValue();
    crc.reset();
    count++;
  }

  int count() {
    return count;
  }

  /** Bytes the blocks span: the file's length when it is intact. */
  long length() {
    return count == 0 ? 0 : ends[count - 1];
  }

  /**
   * Fails when the file on disk is shorter or longer than what was written, naming the first cut
   * block.
   */
  void checkLength(Path file, long onDisk) {
    if (onDisk == length()) {
      return;
    }
    int block = 0;
    while (block < count - 1 && ends[block] <= onDisk) {
      block++;
    }
    throw new SpillException(
        "spill file "
            + file
            + " is "
            + (onDisk < length() ? "truncated" : "longer than written")
            + ": "
            + onDisk
            + " B on disk, "
            + length()
            + " B written; "
            + describe(block)
            + " is not intact. "
            + "Its rows exist nowhere else: rerun the job, and check the disk holding "
            + file.getParent());
  }

  /**
   * Reads block {@code block} with positional reads (the channel's position is untouched) and
   * checks it.
   */
  void verify(FileChannel ch, Path file, int block) {
    long start = block == 0 ? 0 : ends[block - 1];
    long end = ends[block];
    CRC32C check = new CRC32C();
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, end - start)));
    long at = start;
    try {
      while (at < end) {
        buf.clear().limit((int) Math.min(buf.capacity(), end - at));
        int n = ch.read(buf, at);
        if (n < 0) {
          throw new SpillException(
              "spill file "
                  + file
                  + " is truncated: "
                  + describe(block)
                  + " ends at byte "
                  + end
                  + " but the file ends at "
                  + at
                  + ". Its rows exist nowhere else: rerun the job, and check the"
                  + " disk holding "
                  + file.getParent());
        }
        buf.flip();
        check.update(buf);
        at += n;
      }
    } catch (IOException e) {
      throw new SpillException(
          "cannot read spill file " + file + " (" + describe(block) + "): " + e.getMessage(), e);
    }
    int got = (int) check.getValue();
    if (got != crcs[block]) {
      throw new SpillException(
          "spill file "
              + file
              + " is corrupt: "
              + describe(block)
              + " fails its CRC32C check"
              + String.format(" (written %08x, read %08x)", crcs[block], got)
              + "; the disk or memory changed it after"
              + " it was written. Its rows exist nowhere else: rerun the job, and check the disk holding "
              + file.getParent());
    }
  }

  private String describe(int block) {
    long start = block == 0 ? 0 : ends[block - 1];
    String what =
        block == 0
            ? "the schema"
            : block == count - 1
                ? "the end-of-stream marker"
                : "record batch " + block + " of " + (count - 2);
    return "block " + block + " (" + what + ", bytes " + start + ".." + ends[block] + ")";
  }
}
