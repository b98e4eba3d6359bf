package io.sluice.executor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.options.SpillCodec;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A flipped bit anywhere in a spill file, or a file cut anywhere, fails the read with the file and
 * the block; batches handed out before the failure are bit-identical to what was written.
 */
class SpillCorruptionTest {

  @TempDir Path tmp;

  private static final int BATCHES = 5;

  private SpillFile write(SpillDirectory d, BufferAllocator a, List<VectorSchemaRoot> expected) {
    for (int i = 0; i < BATCHES; i++) {
      expected.add(SpillFileTest.batch(a, 300 + 41 * i, i));
    }
    return SpillFile.write(d, "run", expected, a);
  }

  /** Reads every batch; the ones that come back before an error must equal what was written. */
  private static void readAll(SpillFile f, BufferAllocator a, List<VectorSchemaRoot> expected) {
    try (SpillFile.Reader r = f.open(a)) {
      VectorSchemaRoot b;
      int i = 0;
      while ((b = r.next()) != null) {
        try (VectorSchemaRoot got = b) {
          SpillFileTest.assertBitIdentical(expected.get(i++), got);
        }
      }
      assertThat(i).isEqualTo(expected.size());
    }
  }

  @ParameterizedTest
  @EnumSource(SpillCodec.class)
  void everyFlippedBitIsFoundAndNamesTheFileAndBlock(SpillCodec codec) throws Exception {
    try (BufferAllocator a = new RootAllocator();
        SpillDirectory d =
            new SpillDirectory(
                ExecutionOptions.builder().spillDir(tmp).spillCodec(codec).build(), "c")) {
      List<VectorSchemaRoot> expected = new ArrayList<>();
      SpillFile f = write(d, a, expected);
      readAll(f, a, expected); // intact: reads back
      long size = f.fileBytes();
      int flips = 0;
      try (RandomAccessFile raf = new RandomAccessFile(f.path().toFile(), "rw")) {
        for (long pos = 0; pos < size; pos += Math.max(1, size / 61)) {
          int bit = (int) (pos % 8);
          raf.seek(pos);
          int orig = raf.read();
          raf.seek(pos);
          raf.write(orig ^ (1 << bit));
          assertThatThrownBy(() -> readAll(f, a, expected))
              .as("bit %d of byte %d", bit, pos)
              .isInstanceOf(SpillException.class)
              .hasMessageContaining(f.path().toString())
              .hasMessageMatching(
                  "(?s)spill file .* is corrupt: block \\d+ \\(.*bytes \\d+\\.\\.\\d+\\).*CRC32C.*");
          raf.seek(pos);
          raf.write(orig);
          flips++;
        }
      }
      assertThat(flips).isGreaterThan(50);
      readAll(f, a, expected); // restored: reads back again
      expected.forEach(VectorSchemaRoot::close);
      f.delete();
      assertThat(a.getAllocatedMemory()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(SpillCodec.class)
  void aCutFileFailsAtOpenNamingTheFirstIncompleteBlock(SpillCodec codec) throws Exception {
    try (BufferAllocator a = new RootAllocator();
        SpillDirectory d =
            new SpillDirectory(
                ExecutionOptions.builder().spillDir(tmp).spillCodec(codec).build(), "t")) {
      List<VectorSchemaRoot> expected = new ArrayList<>();
      SpillFile f = write(d, a, expected);
      long size = f.fileBytes();
      for (long cut : new long[] {size - 1, size - 8, size / 2, 10, 0}) {
        try (RandomAccessFile raf = new RandomAccessFile(f.path().toFile(), "rw")) {
          raf.setLength(cut);
        }
        assertThatThrownBy(() -> readAll(f, a, expected))
            .as("cut at %d of %d", cut, size)
            .isInstanceOf(SpillException.class)
            .hasMessageContaining(f.path().toString())
            .hasMessageContaining("is truncated: " + cut + " B on disk, " + size + " B written")
            .hasMessageMatching("(?s).*; block \\d+ \\(.*\\) is not intact.*");
      }
      assertThatThrownBy(() -> readAll(f, a, expected)).hasMessageContaining("block 0 (the schema");
      expected.forEach(VectorSchemaRoot::close);
      f.delete();
      assertThat(a.getAllocatedMemory()).isZero();
    }
  }
}
