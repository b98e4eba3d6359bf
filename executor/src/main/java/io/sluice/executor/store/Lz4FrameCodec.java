package io.sluice.executor.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;

/**
 * Arrow IPC body compression {@code LZ4_FRAME} backed by lz4-java (native liblz4, or its Java port
 * where the native library cannot load). Each buffer is one standard LZ4 frame (independent blocks,
 * no checksums), so files are readable by any Arrow IPC reader, Arrow Java's commons-compress codec
 * included, and this codec reads theirs. Stateless and thread-safe.
 */
final class Lz4FrameCodec extends AbstractCompressionCodec {

  static final Lz4FrameCodec INSTANCE = new Lz4FrameCodec();

  private Lz4FrameCodec() {}

  @Override
  protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
    int length = checkedLength(uncompressed.writerIndex(), "uncompressed");
    byte[] in = new byte[length];
    uncompressed.getBytes(0, in);
    ByteArrayOutputStream frame = new ByteArrayOutputStream(length / 2 + 64);
    try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(frame, blockSize(length))) {
      out.write(in);
    } catch (IOException e) {
      throw new UncheckedIOException("LZ4 frame compression failed", e); // in-memory streams only
    }
    byte[] bytes = frame.toByteArray();
    ArrowBuf out = allocator.buffer(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + bytes.length);
    out.setBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, bytes);
    out.writerIndex(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + bytes.length);
    return out;
  }

  @Override
  protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
    int length = checkedLength(readUncompressedLength(compressed), "decompressed");
    byte[] in =
        new byte
            [checkedLength(
                compressed.writerIndex() - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH,
                "compressed")];
    compressed.getBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, in);
    byte[] bytes = new byte[length];
    try (LZ4FrameInputStream frames = new LZ4FrameInputStream(new ByteArrayInputStream(in))) {
      if (frames.readNBytes(bytes, 0, length) != length || frames.read() != -1) {
        throw new IllegalStateException(
            "LZ4 frame does not hold the " + length + " bytes its buffer header says");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt LZ4 frame: " + e.getMessage(), e);
    }
    ArrowBuf out = allocator.buffer(length);
    out.setBytes(0, bytes);
    out.writerIndex(length);
    return out;
  }

  @Override
  public CompressionUtil.CodecType getCodecType() {
    return CompressionUtil.CodecType.LZ4_FRAME;
  }

  /**
   * The smallest frame block size that holds the whole buffer (at most 4 MB, the format's largest).
   */
  private static LZ4FrameOutputStream.BLOCKSIZE blockSize(int length) {
    if (length <= 64 << 10) {
      return LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB;
    }
    if (length <= 256 << 10) {
      return LZ4FrameOutputStream.BLOCKSIZE.SIZE_256KB;
    }
    return length <= 1 << 20
        ? LZ4FrameOutputStream.BLOCKSIZE.SIZE_1MB
        : LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB;
  }

  private static int checkedLength(long n, String what) {
    if (n < 0 || n > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "LZ4 frame " + what + " buffer of " + n + " bytes is out of range");
    }
    return (int) n;
  }
}
