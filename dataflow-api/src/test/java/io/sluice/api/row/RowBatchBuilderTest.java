package io.sluice.api.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Row;
import io.sluice.api.SluiceException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class RowBatchBuilderTest {

  private static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
              new Field("text", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
              new Field("dec", FieldType.nullable(new ArrowType.Decimal(5, 2, 128)), null),
              new Field(
                  "emb",
                  FieldType.nullable(new ArrowType.FixedSizeList(2)),
                  List.of(
                      new Field(
                          "item",
                          FieldType.nullable(
                              new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                          null)))));

  private static void fails(Row row, String... fragments) {
    try (BufferAllocator a = new RootAllocator()) {
      RowBatchBuilder b = new RowBatchBuilder(SCHEMA).add(Row.of("id", 1L)).add(row);
      var t = assertThatThrownBy(() -> b.build(a)).isInstanceOf(SluiceException.class);
      for (String f : fragments) {
        t.hasMessageContaining(f);
      }
      assertThat(b.rowCount()).isZero(); // emptied
    } // closing the allocator proves nothing leaked
  }

  @Test
  void errorsNameColumnRowAndTypes() {
    fails(Row.of("id", "x"), "column 'id'", "row 1", "java.lang.String", "Long");
    fails(Row.of("text", "no id"), "column 'id'", "not nullable", "row 1");
    fails(Row.of("id", 2L, "extra", 1), "extra", "[extra]");
    fails(Row.of("id", 2L, "dec", new BigDecimal("1.234")), "column 'dec'", "2 decimal places");
    fails(Row.of("id", 2L, "dec", new BigDecimal("12345")), "column 'dec'", "5 digits");
    fails(Row.of("id", 2L, "emb", new float[3]), "column 'emb'", "expected 2 elements");
    fails(Row.of("id", 2L, "emb", "x"), "column 'emb'", "List");
  }

  @Test
  void countsAndEstimatesAndIsReusable() {
    try (BufferAllocator a = new RootAllocator()) {
      RowBatchBuilder b = new RowBatchBuilder(SCHEMA);
      assertThat(b.estimatedBytes()).isZero();
      b.add(Row.of("id", 1L, "text", "x".repeat(1000)));
      b.add(Row.of("text", null, "id", 2L, "dec", new BigDecimal("1.5"), "emb", List.of(1f, 2f)));
      assertThat(b.rowCount()).isEqualTo(2);
      assertThat(b.estimatedBytes()).isGreaterThan(1000);
      try (VectorSchemaRoot root = b.build(a)) {
        assertThat(RowConverter.toRows(root))
            .containsExactly(
                Row.of("id", 1L, "text", "x".repeat(1000), "dec", null, "emb", null),
                Row.of(
                    "id",
                    2L,
                    "text",
                    null,
                    "dec",
                    new BigDecimal("1.50"),
                    "emb",
                    new float[] {1f, 2f}));
      }
      assertThat(b.rowCount()).isZero();
      try (VectorSchemaRoot empty = b.build(a)) {
        assertThat(empty.getRowCount()).isZero();
        assertThat(empty.getSchema()).isEqualTo(SCHEMA);
      }
    }
  }
}
