package io.sluice.executor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.options.SpillCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Spill files and buffers: bit-identical round trips, order, cleanup, quota errors. */
class SpillFileTest {

  @TempDir Path tmp;

  private SpillDirectory dir(ExecutionOptions.Builder b) {
    return new SpillDirectory(b.spillDir(tmp).build(), "test");
  }

  static VectorSchemaRoot batch(BufferAllocator a, int rows, int seed) {
    Schema schema =
        new Schema(
            List.of(
                Field.nullable("id", new ArrowType.Int(64, true)),
                Field.nullable("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                Field.nullable("s", new ArrowType.Utf8()),
                new Field(
                    "l",
                    FieldType.nullable(new ArrowType.List()),
                    List.of(Field.nullable("item", new ArrowType.Int(32, true))))));
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
    root.allocateNew();
    BigIntVector id = (BigIntVector) root.getVector("id");
    Float8Vector x = (Float8Vector) root.getVector("x");
    VarCharVector s = (VarCharVector) root.getVector("s");
    UnionListWriter w = ((ListVector) root.getVector("l")).getWriter();
    for (int i = 0; i < rows; i++) {
      if (i % 7 == 3) {
        id.setNull(i);
      } else {
        id.setSafe(i, (long) seed * 1_000_003L + i);
      }
      x.setSafe(i, Math.sin(seed + i));
      if (i % 5 != 1) {
        s.setSafe(i, ("row-" + seed + "-" + i + "-" + "z".repeat(i % 13)).getBytes());
      }
      w.setPosition(i);
      w.startList();
      for (int k = 0; k < i % 4; k++) {
        w.integer().writeInt(i * 10 + k);
      }
      w.endList();
    }
    root.setRowCount(rows);
    return root;
  }

  /** Every buffer of every vector (children too) holds the same bytes. */
  static void assertBitIdentical(VectorSchemaRoot expected, VectorSchemaRoot actual) {
    assertThat(actual.getRowCount()).isEqualTo(expected.getRowCount());
    assertThat(actual.getSchema()).isEqualTo(expected.getSchema());
    assertThat(actual.equals(expected)).isTrue();
    for (int c = 0; c < expected.getFieldVectors().size(); c++) {
      assertSameBuffers(expected.getVector(c), actual.getVector(c));
    }
  }

  private static void assertSameBuffers(FieldVector e, FieldVector a) {
    List<ArrowBuf> eb = e.getFieldBuffers();
    List<ArrowBuf> ab = a.getFieldBuffers();
    assertThat(ab).hasSameSizeAs(eb);
    for (int i = 0; i < eb.size(); i++) {
      long n = eb.get(i).writerIndex();
      assertThat(ab.get(i).writerIndex()).as("buffer %d of %s", i, e.getName()).isEqualTo(n);
      byte[] x = new byte[(int) n];
      byte[] y = new byte[(int) n];
      eb.get(i).getBytes(0, x);
      ab.get(i).getBytes(0, y);
      assertThat(y).as("buffer %d of %s", i, e.getName()).isEqualTo(x);
    }
    for (int k = 0; k < e.getChildrenFromFields().size(); k++) {
      assertSameBuffers(e.getChildrenFromFields().get(k), a.getChildrenFromFields().get(k));
    }
  }

  @ParameterizedTest
  @EnumSource(SpillCodec.class)
  void spilledBatchesComeBackBitIdenticalAndInOrder(SpillCodec codec) {
    try (BufferAllocator a = new RootAllocator();
        SpillDirectory d = dir(ExecutionOptions.builder().spillCodec(codec));
        SpillableBuffer buf = new SpillableBuffer(d, "op/p0")) {
      List<VectorSchemaRoot> expected = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        expected.add(batch(a, 500 + i * 37, i));
        buf.add(batch(a, 500 + i * 37, i));
        if (i == 1 || i == 4) {
          assertThat(buf.spill(a)).isPositive();
          assertThat(buf.memoryBytes()).isZero();
        }
      }
      assertThat(buf.spilledBytes()).isPositive();
      assertThat(d.stats().files()).isEqualTo(2);
      List<VectorSchemaRoot> back = new ArrayList<>();
      buf.drain(a, back::add);
      assertThat(back).hasSize(6);
      for (int i = 0; i < 6; i++) {
        assertBitIdentical(expected.get(i), back.get(i));
      }
      assertThat(d.usedBytes()).isZero();
      expected.forEach(VectorSchemaRoot::close);
      back.forEach(VectorSchemaRoot::close);
    }
  }

  @Test
  void compressionShrinksRepetitiveData() {
    try (BufferAllocator a = new RootAllocator();
        SpillDirectory d = dir(ExecutionOptions.builder());
        VectorSchemaRoot b = batch(a, 20_000, 1)) {
      SpillFile f = SpillFile.write(d, "x", List.of(b), a);
      assertThat(f.fileBytes()).isLessThan(f.arrowBytes());
      f.delete();
    }
  }

  @Test
  void quotaFailureNamesTheDirectoryAndBytes() {
    try (BufferAllocator a = new RootAllocator();
        SpillDirectory d = dir(ExecutionOptions.builder().spillQuotaBytes(1000));
        VectorSchemaRoot b = batch(a, 1000, 1)) {
      assertThatThrownBy(() -> SpillFile.write(d, "x", List.of(b), a))
          .isInstanceOf(SpillException.class)
          .hasMessageContaining(tmp.toString())
          .hasMessageContaining("spillQuotaBytes")
          .hasMessageMatching("(?s)cannot spill \\d+ B to .*");
      assertThat(d.usedBytes()).isZero();
    }
  }

  @Test
  void closingTheDirectoryDeletesEveryFile() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      SpillDirectory d = dir(ExecutionOptions.builder());
      SpillableBuffer buf = new SpillableBuffer(d, "keep");
      buf.add(batch(a, 100, 1));
      buf.spill(a);
      assertThat(countFiles()).as("the spill file and the directory's owner file").isEqualTo(2);
      buf.add(batch(a, 100, 2)); // still in memory
      buf.close();
      d.close();
      assertThat(countFiles()).isZero();
    }
  }

  private long countFiles() throws Exception {
    try (Stream<Path> s = Files.walk(tmp)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
