package io.sluice.connectors.parquet.io;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.brotli.dec.BrotliInputStream;
import org.xerial.snappy.Snappy;

/**
 * Page decompression for readers: SNAPPY and ZSTD pages are decompressed array to array in one
 * native call. parquet-mr's own path goes through Hadoop codec streams (copy into a direct buffer,
 * decompress, copy out through a {@code DataInputStream}), which took about as long as decoding the
 * values. BROTLI pages are decoded by Google's pure-Java decoder. Other codecs, and all
 * compression, are left to parquet-mr's factory.
 */
public final class HeapCodecs implements CompressionCodecFactory {

  private final CompressionCodecFactory fallback;

  /**
   * @param fallback parquet-mr's factory, used for every other codec and released with this one
   */
  public HeapCodecs(CompressionCodecFactory fallback) {
    this.fallback = fallback;
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return fallback.getCompressor(codec);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return switch (codec) {
      case SNAPPY -> SNAPPY;
      case ZSTD -> ZSTD;
      case BROTLI -> BROTLI;
      default -> available(codec);
    };
  }

  /** parquet-mr's decompressor, or an error naming the codec when this build has none for it. */
  private BytesInputDecompressor available(CompressionCodecName codec) {
    try {
      return fallback.getDecompressor(codec);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Parquet compression codec "
              + codec
              + " is not available in this build"
              + " ("
              + e.getMessage()
              + "); rewrite the file with SNAPPY, ZSTD, GZIP or LZ4_RAW",
          e);
    }
  }

  @Override
  public void release() {
    fallback.release();
  }

  private static final BytesInputDecompressor SNAPPY =
      new ArrayDecompressor("SNAPPY") {
        @Override
        int decompress(byte[] in, int off, int len, byte[] out) throws IOException {
          return Snappy.uncompress(in, off, len, out, 0);
        }
      };

  private static final BytesInputDecompressor ZSTD =
      new ArrayDecompressor("ZSTD") {
        @Override
        int decompress(byte[] in, int off, int len, byte[] out) {
          long n = Zstd.decompressByteArray(out, 0, out.length, in, off, len);
          if (Zstd.isError(n)) {
            throw new IllegalStateException("ZSTD: " + Zstd.getErrorName(n));
          }
          return (int) n;
        }
      };

  /**
   * Pure-Java decoder: parquet-mr looks for Hadoop's BrotliCodec, which no maintained jar provides.
   */
  private static final BytesInputDecompressor BROTLI =
      new ArrayDecompressor("BROTLI") {
        @Override
        int decompress(byte[] in, int off, int len, byte[] out) throws IOException {
          try (BrotliInputStream s =
              new BrotliInputStream(new ByteArrayInputStream(in, off, len))) {
            int n = s.readNBytes(out, 0, out.length);
            if (s.read() >= 0) {
              throw new IOException(
                  "BROTLI page holds more than the " + out.length + " bytes its header says");
            }
            return n;
          }
        }
      };

  /** Stateless, so one instance serves every reader and thread. */
  private abstract static class ArrayDecompressor implements BytesInputDecompressor {
    private final String name;

    ArrayDecompressor(String name) {
      this.name = name;
    }

    abstract int decompress(byte[] in, int off, int len, byte[] out) throws IOException;

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      ByteBuffer in = bytes.toByteBuffer();
      byte[] a;
      int off;
      if (in.hasArray()) {
        a = in.array();
        off = in.arrayOffset() + in.position();
      } else {
        a = new byte[in.remaining()];
        in.duplicate().get(a);
        off = 0;
      }
      byte[] out = new byte[uncompressedSize];
      int n = decompress(a, off, in.remaining(), out);
      if (n != uncompressedSize) {
        throw new IOException(
            name + " page decompressed to " + n + " bytes, its header says " + uncompressedSize);
      }
      return BytesInput.from(out);
    }

    @Override
    public void decompress(
        ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
        throws IOException {
      byte[] in = new byte[compressedSize];
      input.duplicate().get(in);
      byte[] out = new byte[decompressedSize];
      int n = decompress(in, 0, compressedSize, out);
      if (n != decompressedSize) {
        throw new IOException(
            name + " page decompressed to " + n + " bytes, its header says " + decompressedSize);
      }
      output.put(out);
    }

    @Override
    public void release() {}
  }
}
