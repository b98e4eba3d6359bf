package io.sluice.api.arrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Row;
import io.sluice.api.row.RowBatchBuilder;
import io.sluice.api.row.RowConverter;
import io.sluice.api.row.SchemaInference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchesTest {

  private static List<Row> rows(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(
            i ->
                Row.of(
                    "id", i % 4 == 0 ? null : (long) i,
                    "text", i % 3 == 0 ? null : "s" + i,
                    "tags", i % 5 == 0 ? null : List.of("t" + i, "u"),
                    "st", i % 7 == 0 ? null : Row.of("x", (double) i, "y", "y" + i),
                    "emb", new float[] {i, -i}))
        .toList();
  }

  private static VectorSchemaRoot batch(List<Row> rows, BufferAllocator a) {
    return RowBatchBuilder.build(SchemaInference.infer(rows(0, 20)), rows, a);
  }

  @ParameterizedTest
  @CsvSource({"0,20", "3,5", "8,8", "7,0", "0,0", "20,0", "13,7", "1,1"})
  void sliceCopiesTheRightRowsAndOutlivesTheSource(int from, int length) {
    try (BufferAllocator a = new RootAllocator()) {
      VectorSchemaRoot slice;
      Schema schema;
      try (VectorSchemaRoot src = batch(rows(0, 20), a)) {
        schema = src.getSchema();
        slice = Batches.slice(src, from, length, a);
      }
      try (slice) {
        assertThat(slice.getRowCount()).isEqualTo(length);
        assertThat(slice.getSchema()).isEqualTo(schema); // list child keeps its name
        assertThat(RowConverter.toRows(slice)).containsExactlyElementsOf(rows(from, from + length));
      }
    }
  }

  @Test
  void sliceOutOfRangeFails() {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot src = batch(rows(0, 4), a)) {
      assertThatThrownBy(() -> Batches.slice(src, 2, 3, a))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("[2, 5)")
          .hasMessageContaining("4 rows");
      assertThatThrownBy(() -> Batches.slice(src, -1, 1, a))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void transferMovesAccountingAndEmptiesTheSource() {
    try (BufferAllocator root = new RootAllocator();
        BufferAllocator from = root.newChildAllocator("from", 0, Long.MAX_VALUE);
        BufferAllocator to = root.newChildAllocator("to", 0, Long.MAX_VALUE)) {
      VectorSchemaRoot src = batch(rows(0, 10), from);
      long bytes = from.getAllocatedMemory();
      Schema schema = src.getSchema();
      try (VectorSchemaRoot moved = Batches.transfer(src, to)) {
        assertThat(src.getRowCount()).isZero();
        src.close();
        assertThat(from.getAllocatedMemory()).isZero();
        assertThat(to.getAllocatedMemory()).isEqualTo(bytes);
        assertThat(moved.getSchema()).isEqualTo(schema);
        assertThat(RowConverter.toRows(moved)).containsExactlyElementsOf(rows(0, 10));
      }
    }
  }

  @Test
  void concatOfVarcharListStructBatches() {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot p1 = batch(rows(0, 9), a);
        VectorSchemaRoot p2 = batch(rows(9, 9), a);
        VectorSchemaRoot p3 = batch(rows(9, 20), a);
        VectorSchemaRoot all = Batches.concat(List.of(p1, p2, p3), a)) {
      assertThat(all.getRowCount()).isEqualTo(20);
      assertThat(all.getSchema()).isEqualTo(p1.getSchema());
      assertThat(RowConverter.toRows(all)).containsExactlyElementsOf(rows(0, 20));
      assertThat(RowConverter.toRows(p3)).containsExactlyElementsOf(rows(9, 20)); // parts untouched
    }
  }

  @Test
  void concatOfSlicesAtOddOffsets() {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot src = batch(rows(0, 20), a)) {
      List<VectorSchemaRoot> parts = new ArrayList<>();
      try {
        parts.add(Batches.slice(src, 1, 3, a));
        parts.add(Batches.slice(src, 5, 9, a));
        parts.add(Batches.slice(src, 17, 3, a));
        try (VectorSchemaRoot all = Batches.concat(parts, a)) {
          List<Row> want = new ArrayList<>(rows(1, 4));
          want.addAll(rows(5, 14));
          want.addAll(rows(17, 20));
          assertThat(RowConverter.toRows(all)).containsExactlyElementsOf(want);
        }
      } finally {
        parts.forEach(VectorSchemaRoot::close);
      }
    }
  }

  @Test
  void emptyAndBytes() {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot src = batch(rows(0, 5), a)) {
      assertThat(Batches.bytes(src)).isPositive();
      try (VectorSchemaRoot e = Batches.empty(src.getSchema(), a)) {
        assertThat(e.getRowCount()).isZero();
        assertThat(Batches.bytes(e)).isZero();
      }
      assertThatThrownBy(() -> Batches.concat(List.of(), a))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void sameFieldsIgnoresMetadataButNotTypesOrNullability() {
    Field plain = new Field("a", FieldType.nullable(new ArrowType.Int(64, true)), null);
    Field withMeta =
        new Field(
            "a", new FieldType(true, new ArrowType.Int(64, true), null, Map.of("k", "v")), null);
    Field notNull = new Field("a", FieldType.notNullable(new ArrowType.Int(64, true)), null);
    Field int32 = new Field("a", FieldType.nullable(new ArrowType.Int(32, true)), null);
    assertThat(
            Batches.sameFields(
                new Schema(List.of(plain)), new Schema(List.of(withMeta), Map.of("x", "y"))))
        .isTrue();
    assertThat(Batches.sameFields(new Schema(List.of(plain)), new Schema(List.of(notNull))))
        .isFalse();
    assertThat(Batches.sameFields(new Schema(List.of(plain)), new Schema(List.of(int32))))
        .isFalse();
    assertThat(Batches.sameFields(new Schema(List.of(plain)), new Schema(List.of(plain, int32))))
        .isFalse();
  }
}
