package io.sluice.executor.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.options.SpillCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.compression.Lz4CompressionCodec;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lz4-java LZ4 frame codec against an independent reference: Arrow Java's commons-compress
 * codec reads what it writes and it reads what that one writes, buffer by buffer and whole files.
 */
class Lz4FrameCodecTest {

  @TempDir Path tmp;

  /** Half repetitive text, half random bytes: compressible, but not trivially. */
  private static byte[] data(int n, int seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (i / 64) % 2 == 0 ? (byte) ('a' + i % 13) : (byte) random.nextInt(256);
    }
    return b;
  }

  private static ArrowBuf buf(BufferAllocator a, byte[] bytes) {
    ArrowBuf b = a.buffer(Math.max(1, bytes.length));
    b.setBytes(0, bytes);
    b.writerIndex(bytes.length);
    return b;
  }

  private static byte[] bytes(ArrowBuf b) {
    byte[] out = new byte[(int) b.writerIndex()];
    b.getBytes(0, out);
    return out;
  }

  private static byte[] roundTrip(
      BufferAllocator a, byte[] in, CompressionCodec writer, CompressionCodec reader) {
    ArrowBuf compressed = writer.compress(a, buf(a, in)); // takes the input buffer
    try (ArrowBuf back = reader.decompress(a, compressed)) { // takes the compressed buffer
      return bytes(back);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 100, 65_536, 65_537, 300_000, 1 << 20, 5_000_000})
  void eachCodecReadsTheOthersFrames(int size) {
    CompressionCodec ours = Lz4FrameCodec.INSTANCE;
    CompressionCodec arrow = new Lz4CompressionCodec();
    try (BufferAllocator a = new RootAllocator()) {
      byte[] in = data(size, size);
      assertThat(roundTrip(a, in, ours, arrow)).isEqualTo(in);
      assertThat(roundTrip(a, in, arrow, ours)).isEqualTo(in);
      assertThat(roundTrip(a, in, ours, ours)).isEqualTo(in);
    }
  }

  @Test
  void compressesRepetitiveBuffers() {
    try (BufferAllocator a = new RootAllocator();
        ArrowBuf c =
            Lz4FrameCodec.INSTANCE.compress(a, buf(a, "spill ".repeat(100_000).getBytes()))) {
      assertThat(c.writerIndex()).isLessThan(600_000 / 20);
    }
  }

  @Test
  void arrowsOwnReaderReadsAnLz4SpillFileBitIdentical() throws Exception {
    try (BufferAllocator a = new RootAllocator();
        SpillDirectory d =
            new SpillDirectory(
                ExecutionOptions.builder().spillDir(tmp).spillCodec(SpillCodec.LZ4_FRAME).build(),
                "test");
        VectorSchemaRoot b1 = SpillFileTest.batch(a, 3000, 1);
        VectorSchemaRoot b2 = SpillFileTest.batch(a, 20_000, 2)) {
      SpillFile f = SpillFile.write(d, "x", List.of(b1, b2), a);
      assertThat(f.fileBytes()).isLessThan(f.arrowBytes());
      try (ArrowStreamReader r =
          new ArrowStreamReader(
              Files.newInputStream(f.path()), a, CommonsCompressionFactory.INSTANCE)) {
        for (VectorSchemaRoot expected : List.of(b1, b2)) {
          assertThat(r.loadNextBatch()).isTrue();
          SpillFileTest.assertBitIdentical(expected, r.getVectorSchemaRoot());
        }
        assertThat(r.loadNextBatch()).isFalse();
      }
      f.delete();
    }
  }
}
