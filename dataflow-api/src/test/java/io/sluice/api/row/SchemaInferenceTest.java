package io.sluice.api.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.PlanException;
import io.sluice.api.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.vector.extension.UuidType;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class SchemaInferenceTest {

  private static ArrowType type(Schema s, String name) {
    return s.findField(name).getType();
  }

  @Test
  void mapsEveryJavaType() {
    Schema s =
        SchemaInference.infer(
            List.of(
                Row.of(
                    "l",
                    1L,
                    "i",
                    1,
                    "sh",
                    (short) 1,
                    "by",
                    (byte) 1,
                    "d",
                    1.0,
                    "f",
                    1f,
                    "b",
                    true,
                    "s",
                    "x",
                    "bin",
                    new byte[0],
                    "dec",
                    new BigDecimal("1.25"),
                    "date",
                    LocalDate.EPOCH,
                    "ts",
                    Instant.EPOCH,
                    "ldt",
                    LocalDateTime.of(2020, 1, 1, 0, 0),
                    "emb",
                    new float[3],
                    "dl",
                    new double[1],
                    "ll",
                    new long[1],
                    "il",
                    new int[1],
                    "list",
                    List.of("a"),
                    "st",
                    Row.of("x", 1L),
                    "m",
                    Map.of("k", "v"),
                    "big",
                    BigInteger.TEN,
                    "time",
                    LocalTime.NOON,
                    "uuid",
                    UUID.randomUUID())));
    assertThat(type(s, "l")).isEqualTo(new ArrowType.Int(64, true));
    assertThat(type(s, "i")).isEqualTo(new ArrowType.Int(32, true));
    assertThat(type(s, "sh")).isEqualTo(new ArrowType.Int(16, true));
    assertThat(type(s, "by")).isEqualTo(new ArrowType.Int(8, true));
    assertThat(type(s, "d")).isEqualTo(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    assertThat(type(s, "f")).isEqualTo(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
    assertThat(type(s, "b")).isEqualTo(ArrowType.Bool.INSTANCE);
    assertThat(type(s, "s")).isEqualTo(ArrowType.Utf8.INSTANCE);
    assertThat(type(s, "bin")).isEqualTo(ArrowType.Binary.INSTANCE);
    assertThat(type(s, "dec")).isEqualTo(new ArrowType.Decimal(38, 2, 128));
    assertThat(type(s, "date")).isEqualTo(new ArrowType.Date(DateUnit.DAY));
    assertThat(type(s, "ts")).isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
    assertThat(type(s, "ldt")).isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));
    assertThat(type(s, "emb")).isEqualTo(new ArrowType.FixedSizeList(3));
    assertThat(s.findField("emb").getChildren().get(0).getType())
        .isEqualTo(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
    assertThat(s.findField("dl").getChildren().get(0).getType())
        .isEqualTo(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    assertThat(s.findField("ll").getChildren().get(0).getType())
        .isEqualTo(new ArrowType.Int(64, true));
    assertThat(s.findField("il").getChildren().get(0).getType())
        .isEqualTo(new ArrowType.Int(32, true));
    assertThat(type(s, "list")).isEqualTo(ArrowType.List.INSTANCE);
    assertThat(type(s, "st")).isEqualTo(ArrowType.Struct.INSTANCE);
    assertThat(type(s, "m")).isEqualTo(new ArrowType.Map(false));
    Field entries = s.findField("m").getChildren().get(0);
    assertThat(entries.getChildren()).extracting(Field::getName).containsExactly("key", "value");
    assertThat(entries.getChildren())
        .extracting(Field::getType)
        .containsOnly(ArrowType.Utf8.INSTANCE);
    assertThat(entries.getChildren().get(0).isNullable()).isFalse(); // map keys never are
    assertThat(type(s, "big")).isEqualTo(new ArrowType.Int(64, false)); // how uint64 values read
    assertThat(type(s, "time")).isEqualTo(new ArrowType.Time(TimeUnit.MICROSECOND, 64));
    assertThat(type(s, "uuid")).isEqualTo(UuidType.INSTANCE);
    assertThat(s.getFields()).allSatisfy(f -> assertThat(f.isNullable()).isTrue());
  }

  @Test
  void widensAcrossRows() {
    Schema s =
        SchemaInference.infer(
            List.of(
                Row.of(
                    "n",
                    1,
                    "f",
                    1f,
                    "dec",
                    new BigDecimal("1.5"),
                    "emb",
                    new float[2],
                    "nested",
                    List.of(1)),
                Row.of(
                    "n",
                    2L,
                    "f",
                    2.0,
                    "dec",
                    new BigDecimal("1.125"),
                    "emb",
                    new float[3],
                    "nested",
                    List.of(2L)),
                Row.of(
                    "n", null, "f", null, "dec", null, "emb", null, "nested", null, "late", "x")));
    assertThat(type(s, "n")).isEqualTo(new ArrowType.Int(64, true));
    assertThat(type(s, "f")).isEqualTo(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    assertThat(type(s, "dec")).isEqualTo(new ArrowType.Decimal(38, 3, 128));
    assertThat(type(s, "emb")).isEqualTo(ArrowType.List.INSTANCE); // lengths differ
    assertThat(s.findField("nested").getChildren().get(0).getType())
        .isEqualTo(new ArrowType.Int(64, true));
    assertThat(s.getFields())
        .extracting(Field::getName)
        .containsExactly("n", "f", "dec", "emb", "nested", "late");
  }

  @Test
  void nullsAndEmptyListsResolveLater() {
    Schema s =
        SchemaInference.infer(
            List.of(
                Row.of("a", null, "l", List.of(), "st", Row.of("x", null)),
                Row.of("a", "x", "l", List.of("s"), "st", Row.of("x", 1L, "y", true))));
    assertThat(type(s, "a")).isEqualTo(ArrowType.Utf8.INSTANCE);
    assertThat(s.findField("l").getChildren().get(0).getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
    assertThat(s.findField("st").getChildren())
        .extracting(Field::getName)
        .containsExactly("x", "y");
    assertThat(s.findField("st").getChildren().get(0).getType())
        .isEqualTo(new ArrowType.Int(64, true));
    assertThat(type(SchemaInference.infer(List.of(Row.of("a", null))), "a"))
        .isEqualTo(ArrowType.Null.INSTANCE);
  }

  @Test
  void conflictsNameColumnAndBothTypes() {
    assertThatThrownBy(() -> SchemaInference.infer(List.of(Row.of("v", 1L), Row.of("v", "one"))))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("column 'v'")
        .hasMessageContaining("Long")
        .hasMessageContaining("String")
        .hasMessageContaining("row 1");
    assertThatThrownBy(() -> SchemaInference.infer(List.of(Row.of("v", 1L), Row.of("v", 1.5))))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("Double");
    assertThatThrownBy(
            () ->
                SchemaInference.infer(
                    List.of(Row.of("s", Row.of("x", 1L)), Row.of("s", Row.of("x", "a")))))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("'s.x'");
    assertThatThrownBy(() -> SchemaInference.infer(List.of(Row.of("l", List.of(1L, "a")))))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("'l[]'");
    assertThatThrownBy(
            () ->
                SchemaInference.infer(
                    List.of(Row.of("t", Instant.EPOCH), Row.of("t", LocalDateTime.MIN))))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("Instant")
        .hasMessageContaining("LocalDateTime");
    assertThatThrownBy(() -> SchemaInference.infer(List.of(Row.of("o", new Object()))))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("java.lang.Object");
  }
}
