package io.sluice.executor.store;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;

/**
 * The Arrow IPC compression codecs spill files are written and read with: {@link Lz4FrameCodec}
 * (lz4-java) for LZ4_FRAME, Arrow's own for the others (ZSTD through zstd-jni). Arrow's
 * commons-compress LZ4 frame codec is not used: it writes about 65 KB/s.
 */
final class SpillCompression implements CompressionCodec.Factory {

  static final SpillCompression INSTANCE = new SpillCompression();

  private SpillCompression() {}

  @Override
  public CompressionCodec createCodec(CompressionUtil.CodecType type) {
    return type == CompressionUtil.CodecType.LZ4_FRAME
        ? Lz4FrameCodec.INSTANCE
        : CommonsCompressionFactory.INSTANCE.createCodec(type);
  }

  /** LZ4_FRAME has no levels; {@code level} goes to the other codecs. */
  @Override
  public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
    return type == CompressionUtil.CodecType.LZ4_FRAME
        ? Lz4FrameCodec.INSTANCE
        : CommonsCompressionFactory.INSTANCE.createCodec(type, level);
  }
}
