package io.sluice.api.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.extension.UuidType;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
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
    Row full =
        Row.of(
            "b",
            true,
            "i8",
            (byte) -3,
            "i16",
            (short) 300,
            "i32",
            70_000,
            "i64",
            1L << 40,
            "f32",
            1.5f,
            "f64",
            -2.25,
            "s",
            "héllo ✓",
            "bin",
            new byte[] {0, 1, (byte) 255},
            "dec",
            new BigDecimal("123.4500"),
            "date",
            LocalDate.of(1969, 12, 31),
            "ts",
            Instant.parse("2024-03-01T10:15:30.123456Z"),
            "ldt",
            LocalDateTime.of(1960, 1, 2, 3, 4, 5, 6000));
    Row nulls =
        Row.of(
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
    Row a =
        Row.of(
            "emb", new float[] {0.5f, -1f, 3f},
            "tags", List.of("x", "y"),
            "nested", List.of(List.of(1L, 2L), List.of(), List.of(3L)),
            "pt", Row.of("x", 1.0, "y", 2.0, "label", "p"),
            "people", List.of(Row.of("name", "ann", "age", 3), Row.of("name", "bob", "age", 4)));
    Row b =
        Row.of(
            "emb", null,
            "tags", Arrays.asList("z", null),
            "nested", null,
            "pt", null,
            "people", List.of());
    Row c =
        Row.of(
            "emb", new float[] {1f, 2f, 3f},
            "tags", null,
            "nested", List.of(Arrays.asList(null, 7L)),
            "pt", Row.of("x", null, "y", 5.0, "label", null),
            "people", List.of(Row.of("name", null, "age", null)));
    List<Row> back = roundTrip(List.of(a, b, c));
    assertThat(back).containsExactly(a, b, c);
  }

  @Test
  void mapsStayMapsAndArraysBecomeLists() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("k", 1L);
    m.put("v", null);
    Row in = Row.of("m", m, "d", new double[] {1, 2}, "l", new long[] {3}, "n", new int[] {4, 5});
    Row back =
        roundTrip(
                List.of(
                    in, Row.of("m", Map.of(), "d", null, "l", null, "n", null), Row.of("m", null)))
            .get(0);
    assertThat(back.get("m")).isEqualTo(m);
    assertThat(new ArrayList<>(((Map<?, ?>) back.get("m")).keySet())).isEqualTo(List.of("k", "v"));
    assertThat(back.get("d")).isEqualTo(List.of(1.0, 2.0));
    assertThat(back.get("l")).isEqualTo(List.of(3L));
    assertThat(back.get("n")).isEqualTo(List.of(4, 5));
  }

  @Test
  void mapsWithMixedValueTypesAreRejectedNamingTheColumn() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("k", 1L);
    m.put("v", "one");
    assertThatThrownBy(() -> SchemaInference.infer(List.of(Row.of("m", m))))
        .hasMessageContaining("column 'm.value' has conflicting types");
  }

  @Test
  void aMapStillFillsADeclaredStruct() {
    Schema struct =
        new Schema(
            List.of(
                new Field(
                    "p",
                    FieldType.nullable(ArrowType.Struct.INSTANCE),
                    List.of(
                        Field.nullable("x", new ArrowType.Int(64, true)),
                        Field.nullable("y", ArrowType.Utf8.INSTANCE)))));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("x", 1L);
    m.put("y", "one");
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = RowBatchBuilder.build(struct, List.of(Row.of("p", m)), a)) {
      assertThat(RowConverter.toRows(root).get(0).get("p")).isEqualTo(Row.of("x", 1L, "y", "one"));
    }
  }

  @Test
  void unsignedTimeAndUuidValuesRoundTrip() {
    Schema schema =
        new Schema(
            List.of(
                Field.nullable("u8", new ArrowType.Int(8, false)),
                Field.nullable("u16", new ArrowType.Int(16, false)),
                Field.nullable("u32", new ArrowType.Int(32, false)),
                Field.nullable("u64", new ArrowType.Int(64, false)),
                Field.nullable("t", new ArrowType.Time(TimeUnit.NANOSECOND, 64)),
                Field.nullable("tms", new ArrowType.Time(TimeUnit.MILLISECOND, 32)),
                Field.nullable("id", UuidType.INSTANCE)));
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    List<Row> rows =
        List.of(
            Row.of(
                "u8",
                255,
                "u16",
                65535,
                "u32",
                4294967295L,
                "u64",
                new BigInteger("18446744073709551615"),
                "t",
                LocalTime.of(23, 59, 59, 999_999_999),
                "tms",
                LocalTime.of(12, 0, 0, 5_000_000),
                "id",
                uuid),
            Row.of(
                "u8",
                0,
                "u16",
                0,
                "u32",
                0L,
                "u64",
                BigInteger.ZERO,
                "t",
                LocalTime.MIDNIGHT,
                "tms",
                null,
                "id",
                null));
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot root = RowBatchBuilder.build(schema, rows, a)) {
      assertThat(RowConverter.toRows(root)).containsExactlyElementsOf(rows);
    }
    for (Object outOfRange : List.of(256, -1)) {
      try (BufferAllocator a = new RootAllocator()) {
        assertThatThrownBy(
                () -> RowBatchBuilder.build(schema, List.of(Row.of("u8", outOfRange)), a).close())
            .hasMessageContaining("column 'u8'")
            .hasMessageContaining("outside uint8 [0, 255]");
      }
    }
  }

  @Test
  void allNullColumnUsesNullTypeEndToEnd() {
    List<Row> rows = List.of(Row.of("id", 1L, "x", null), Row.of("id", 2L, "x", null));
    assertThat(SchemaInference.infer(rows).findField("x").getType().getTypeID().name())
        .isEqualTo("Null");
    assertThat(roundTrip(rows)).containsExactlyElementsOf(rows);
  }

  @Test
  void missingColumnsAreNullAndRowsShareNames() {
    List<Row> rows = List.of(Row.of("a", 1L, "b", "x"), Row.of("b", "y"), Row.of("a", 3L));
    List<Row> back = roundTrip(rows);
    assertThat(back)
        .containsExactly(
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
