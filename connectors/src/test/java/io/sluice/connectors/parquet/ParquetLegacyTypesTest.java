package io.sluice.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.PlanException;
import io.sluice.api.Row;
import io.sluice.connectors.fs.FsConfig;
import io.sluice.connectors.parquet.convert.ArrowSchemaMetadata;
import io.sluice.connectors.testing.LocalJob;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encodings DuckDB cannot write, written by parquet-mr's example writer (an independent writer that
 * stores no Arrow schema in the footer): legacy MAP_KEY_VALUE maps, required maps, BSON, INT96
 * timestamps read through {@link Row}, a file that differs from its neighbour in nullability only,
 * and types the reader cannot decode, which must fail only when a job selects them.
 */
class ParquetLegacyTypesTest {

  @TempDir Path tmp;

  private final Configuration conf = FsConfig.defaults().toConfiguration();

  private static final MessageType LEGACY =
      MessageTypeParser.parseMessageType(
          """
      message legacy {
        required int64 id;
        optional group attrs (MAP_KEY_VALUE) {
          repeated group map {
            required binary key (UTF8);
            optional int32 value;
          }
        }
        required group counts (MAP) {
          repeated group key_value {
            required int32 key;
            required group value {
              required double x;
              optional binary label (STRING);
            }
          }
        }
        optional binary doc (BSON);
        optional int96 spark_ts;
        optional fixed_len_byte_array(12) span (INTERVAL);
        repeated int32 proto_style;
      }
      """);

  private void write(Path file, MessageType schema, int from, int rows) throws Exception {
    SimpleGroupFactory f = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(conf)
            .withType(schema)
            .withRowGroupSize(8192L)
            .build()) {
      for (int i = from; i < from + rows; i++) {
        Group g = f.newGroup().append("id", (long) i);
        if (schema.containsField("attrs") && i % 4 != 3) {
          Group a = g.addGroup("attrs");
          for (int k = 0; k < i % 3; k++) {
            Group e = a.addGroup("map").append("key", "k" + k);
            if (k != 1) {
              e.append("value", i * 10 + k);
            }
          }
        }
        if (schema.containsField("counts")) {
          Group c = g.addGroup("counts");
          if (i % 2 == 0) {
            Group v =
                c.addGroup("key_value").append("key", i).addGroup("value").append("x", i / 4.0);
            if (i % 3 == 0) {
              v.append("label", "L" + i);
            }
          }
        }
        if (schema.containsField("doc") && i % 5 != 0) {
          g.append("doc", Binary.fromConstantByteArray(new byte[] {5, 0, 0, 0, (byte) i}));
        }
        if (schema.containsField("spark_ts") && i % 6 != 5) {
          g.append("spark_ts", int96(i));
        }
        if (schema.containsField("span")) {
          g.append("span", Binary.fromConstantByteArray(new byte[12]));
        }
        if (schema.containsField("proto_style")) {
          g.append("proto_style", i).append("proto_style", -i);
        }
        w.write(g);
      }
    }
  }

  /**
   * Julian day 2440588 is 1970-01-01; day offsets and nanos spread over centuries and within a day.
   */
  private static Binary int96(int i) {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong((i * 3_600_000_000_123L) % 86_400_000_000_000L).putInt(2_440_588 - 40_000 + i * 37);
    return Binary.fromConstantByteArray(b.array());
  }

  private static LocalDateTime expectedInt96(int i) {
    long nanos = (i * 3_600_000_000_123L) % 86_400_000_000_000L;
    return LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC)
        .plusDays(-40_000 + i * 37L)
        .plusNanos(nanos);
  }

  @Test
  void legacyMapsBsonAndInt96ReadAsRowValues() throws Exception {
    Path file = tmp.resolve("legacy.parquet");
    write(file, LEGACY, 0, 600);
    try (ParquetFileReader r =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))) {
      assertThat(ArrowSchemaMetadata.decode(r.getFooter().getFileMetaData().getKeyValueMetaData()))
          .isNull();
    }
    ParquetDatasource source =
        ParquetDatasource.of(file.toString())
            .withColumns(List.of("id", "attrs", "counts", "doc", "spark_ts"));
    try (BufferAllocator allocator = new RootAllocator()) {
      List<Row> rows = LocalJob.readRows(source, allocator);
      assertThat(rows).hasSize(600);
      for (Row r : rows) {
        int i = (int) r.getLong("id");
        if (i % 4 == 3) {
          assertThat(r.get("attrs")).as("row " + i).isNull();
        } else {
          Map<String, Integer> attrs = new LinkedHashMap<>();
          for (int k = 0; k < i % 3; k++) {
            attrs.put("k" + k, k == 1 ? null : i * 10 + k);
          }
          assertThat(r.get("attrs")).as("row " + i).isEqualTo(attrs);
        }
        Object counts = r.get("counts");
        assertThat(counts)
            .as("row " + i)
            .isEqualTo(
                i % 2 == 0
                    ? Map.of(i, Row.of("x", i / 4.0, "label", i % 3 == 0 ? "L" + i : null))
                    : Map.of());
        assertThat(r.get("doc"))
            .as("row " + i)
            .isEqualTo(i % 5 == 0 ? null : new byte[] {5, 0, 0, 0, (byte) i});
        assertThat(r.get("spark_ts"))
            .as("row " + i)
            .isEqualTo(i % 6 == 5 ? null : expectedInt96(i));
      }
    }
  }

  @Test
  void columnsTheReaderCannotDecodeFailOnlyWhenSelected() throws Exception {
    Path file = tmp.resolve("legacy.parquet");
    write(file, LEGACY, 0, 50);
    ParquetDatasource all = ParquetDatasource.of(file.toString());
    assertThat(all.schema().getFields())
        .extracting(f -> f.getName())
        .containsExactly("id", "attrs", "counts", "doc", "spark_ts", "span", "proto_style");
    try (BufferAllocator allocator = new RootAllocator()) {
      assertThat(LocalJob.readRows(all.withColumns(List.of("id", "doc")), allocator)).hasSize(50);
      assertThatThrownBy(() -> LocalJob.readRows(all.withColumns(List.of("id", "span")), allocator))
          .isInstanceOf(PlanException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("column 'span'")
          .hasMessageContaining("INTERVAL");
      assertThatThrownBy(() -> LocalJob.readRows(all, allocator))
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("column 'span'")
          .hasMessageContaining("readable columns: [id, attrs, counts, doc, spark_ts]");
      assertThatThrownBy(
              () -> LocalJob.readRows(all.withColumns(List.of("proto_style")), allocator))
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("column 'proto_style'")
          .hasMessageContaining("repeated");
    }
  }

  @Test
  void filesDifferingInNullabilityOnlyReadAsOneNullableDataset() throws Exception {
    MessageType required =
        MessageTypeParser.parseMessageType(
            "message m { required int64 id; required group counts (MAP) { repeated group key_value {"
                + " required int32 key; required group value { required double x; optional binary label (STRING); } } } }");
    MessageType optional =
        MessageTypeParser.parseMessageType(
            "message m { required int64 id; optional group counts (MAP) { repeated group key_value {"
                + " required int32 key; optional group value { required double x; optional binary label (STRING); } } } }");
    Path dir = tmp.resolve("mixed");
    write(dir.resolve("a.parquet"), required, 0, 100);
    write(dir.resolve("b.parquet"), optional, 100, 100);
    ParquetDatasource source = ParquetDatasource.of(dir.toString());
    assertThat(source.schema().findField("counts").isNullable()).isTrue();
    try (BufferAllocator allocator = new RootAllocator()) {
      List<Row> rows = new ArrayList<>(LocalJob.readRows(source, allocator));
      assertThat(rows).hasSize(200);
      assertThat(rows).extracting(r -> r.getLong("id")).doesNotHaveDuplicates();
      assertThat(rows.get(150).get("counts"))
          .isEqualTo(Map.of(150, Row.of("x", 37.5, "label", "L150")));
    }
  }
}
