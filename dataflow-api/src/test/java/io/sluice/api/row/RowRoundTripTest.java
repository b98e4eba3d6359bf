package io.sluice.api.row;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Rows -> inferred schema -> Arrow -> rows gives the same values, for every supported type. */
class RowRoundTripTest {

  private static List<Row> roundTrip(List<Row> rows) {
    Schema schema = SchemaInference.infer(rows);
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = RowBatchBuilder.build(schema, rows, a)) {
      assertThat(root.getRowCount()).isEqualTo(rows.size());
      assertThat(root.getSchema().getFields()).isEqualTo(schema.getFields());
      return RowConverter.toRows(root);
    }
  }

  @Test
  void scalarsAndNulls() {
    Row full = Row.of(
        "b", true, "i8", (byte) -3, "i16", (short) 300, "i32", 70_000, "i64", 1L << 40,
        "f32", 1.5f, "f64", -2.25, "s", "héllo ✓", "bin", new byte[] {0, 1, (byte) 255},
        "dec", new BigDecimal("123.4500"), "date", LocalDate.of(1969, 12, 31),
        "ts", Instant.parse("2024-03-01T10:15:30.123456Z"),
        "ldt", LocalDateTime.of(1960, 1, 2, 3, 4, 5, 6000));
    Row nulls = Row.of(
        "b", null, "i8", null, "i16", null, "i32", null, "i64", null, "f32", null, "f64", null,
        "s", null, "bin", null, "dec", null, "date", null, "ts", null, "ldt", null);
    List<Row> back = roundTrip(List.of(full, nulls));
    assertThat(back.get(0)).isEqualTo(full);
    assertThat(back.get(1)).isEqualTo(nulls);
    assertThat(back.get(0).get("i32")).isInstanceOf(Integer.class);
    assertThat(back.get(0).get("i8")).isInstanceOf(Byte.class);
  }

  @Test
  void embeddingsListsAndStructs() {
    Row a = Row.of(
        "emb", new float[] {0.5f, -1f, 3f},
        "tags", List.of("x", "y"),
        "nested", List.of(List.of(1L, 2L), List.of(), List.of(3L)),
        "pt", Row.of("x", 1.0, "y", 2.0, "label", "p"),
        "people", List.of(Row.of("name", "ann", "age", 3), Row.of("name", "bob", "age", 4)));
    Row b = Row.of(
        "emb", null,
        "tags", Arrays.asList("z", null),
        "nested", null,
        "pt", null,
        "people", List.of());
    Row c = Row.of(
        "emb", new float[] {1f, 2f, 3f},
        "tags", null,
        "nested", List.of(Arrays.asList(null, 7L)),
        "pt", Row.of("x", null, "y", 5.0, "label", null),
        "people", List.of(Row.of("name", null, "age", null)));
    List<Row> back = roundTrip(List.of(a, b, c));
    assertThat(back).containsExactly(a, b, c);
  }

  @Test
  void mapsBecomeRowsAndArraysBecomeLists() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("k", 1L);
    m.put("v", "one");
    Row in = Row.of("m", m, "d", new double[] {1, 2}, "l", new long[] {3}, "n", new int[] {4, 5});
    Row back = roundTrip(List.of(in)).get(0);
    assertThat(back.get("m")).isEqualTo(Row.of("k", 1L, "v", "one"));
    assertThat(back.get("d")).isEqualTo(List.of(1.0, 2.0));
    assertThat(back.get("l")).isEqualTo(List.of(3L));
    assertThat(back.get("n")).isEqualTo(List.of(4, 5));
  }

  @Test
  void allNullColumnUsesNullTypeEndToEnd() {
    List<Row> rows = List.of(Row.of("id", 1L, "x", null), Row.of("id", 2L, "x", null));
    assertThat(SchemaInference.infer(rows).findField("x").getType().getTypeID().name()).isEqualTo("Null");
    assertThat(roundTrip(rows)).containsExactlyElementsOf(rows);
  }

  @Test
  void missingColumnsAreNullAndRowsShareNames() {
    List<Row> rows = List.of(Row.of("a", 1L, "b", "x"), Row.of("b", "y"), Row.of("a", 3L));
    List<Row> back = roundTrip(rows);
    assertThat(back).containsExactly(
        Row.of("a", 1L, "b", "x"), Row.of("a", null, "b", "y"), Row.of("a", 3L, "b", null));
  }

  @Test
  void manyRowsAcrossBufferGrowth() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      rows.add(Row.of("id", (long) i, "s", "row-" + i, "l", i % 7 == 0 ? null : List.of(i, i + 1)));
    }
    assertThat(roundTrip(rows)).containsExactlyElementsOf(rows);
  }

  @Test
  void toRowReadsOneRow() {
    List<Row> rows = List.of(Row.of("id", 1L), Row.of("id", 2L));
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = RowBatchBuilder.build(SchemaInference.infer(rows), rows, a)) {
      assertThat(RowConverter.toRow(root, 1)).isEqualTo(Row.of("id", 2L));
      assertThat(RowConverter.toRows(root, 1, 1)).containsExactly(Row.of("id", 2L));
    }
  }
}
