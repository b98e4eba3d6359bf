package io.sluice.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.connectors.fs.FsConfig;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our reader and writer against parquet-mr's own example Group reader and writer. */
class ParquetDifferentialTest {

  @TempDir java.nio.file.Path tmp;

  private final Configuration conf = FsConfig.defaults().toConfiguration();

  @Test
  void filesWeWriteReadTheSameWithParquetMrGroupReader() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = tmp.resolve("out").toString();
      WriteOptions options =
          WriteOptions.defaults().withProperty("rowGroupBytes", String.valueOf(16 << 10));
      WriteResult written = Fixtures.writeAllTypes(allocator, dest, options, 2, 2, 500);
      List<List<Object>> theirs = new ArrayList<>();
      for (String file : written.files()) {
        try (ParquetReader<Group> r =
            ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file))
                .withConf(conf)
                .build()) {
          Group g;
          while ((g = r.read()) != null) {
            theirs.add(Values.group(g));
          }
        }
      }
      List<List<Object>> expected = Fixtures.expectedAllTypes(allocator, 0, 2000);
      assertThat(theirs).hasSize(2000);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(theirs.get(i)).as("row " + i).isEqualTo(expected.get(i));
      }
    }
  }

  static final MessageType FOREIGN =
      MessageTypeParser.parseMessageType(
          """
      message foreign {
        required int64 id;
        optional int32 small (INTEGER(8,true));
        optional int32 u16 (INTEGER(16,false));
        optional int32 u32 (INTEGER(32,false));
        optional int64 u64 (INTEGER(64,false));
        optional binary name (STRING);
        optional binary raw;
        optional int32 day (DATE);
        optional int64 ts_us (TIMESTAMP(MICROS,true));
        optional int64 ts_ns (TIMESTAMP(NANOS,false));
        optional int96 legacy_ts;
        optional binary dec_bin (DECIMAL(20,3));
        optional fixed_len_byte_array(5) dec_fixed (DECIMAL(10,2));
        optional int32 dec_int (DECIMAL(5,1));
        optional group tags (LIST) {
          repeated group list {
            optional binary element (STRING);
          }
        }
        optional group legacy (LIST) {
          repeated int32 array;
        }
        optional group point {
          required double x;
          optional group tags (LIST) {
            repeated group list {
              required int64 element;
            }
          }
        }
      }
      """);

  @Test
  void filesWrittenByParquetMrGroupWriterReadTheSame() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      java.nio.file.Path dir = tmp.resolve("foreign");
      List<Group> groups = new ArrayList<>();
      SimpleGroupFactory factory = new SimpleGroupFactory(FOREIGN);
      for (int file = 0; file < 2; file++) {
        org.apache.hadoop.fs.Path path =
            new org.apache.hadoop.fs.Path(dir.resolve("f" + file + ".parquet").toUri());
        try (ParquetWriter<Group> w =
            ExampleParquetWriter.builder(path)
                .withConf(conf)
                .withType(FOREIGN)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(4096L)
                .build()) {
          for (int i = 0; i < 800; i++) {
            Group g = foreignRow(factory, file * 800 + i);
            groups.add(g);
            w.write(g);
          }
        }
      }
      ParquetDatasource source = ParquetDatasource.of(dir.toString());
      assertThat(source.planReadTasks(1000).size()).isGreaterThan(2);
      List<List<Object>> ours = Fixtures.readRows(source, allocator);
      assertThat(ours).hasSize(groups.size());
      for (int i = 0; i < groups.size(); i++) {
        assertThat(ours.get(i)).as("row " + i).isEqualTo(Values.group(groups.get(i)));
      }
    }
  }

  private static Group foreignRow(SimpleGroupFactory factory, int r) {
    Group g = factory.newGroup().append("id", (long) r);
    if (r % 5 != 1) {
      g.append("small", (r % 256) - 128)
          .append("u16", (r * 131) % 65536)
          .append("u32", r * 7_000_001)
          .append("u64", (long) r * -3_000_000_000_017L)
          .append("name", "name-" + r)
          .append("raw", Binary.fromConstantByteArray(new byte[] {(byte) r, 9}))
          .append("day", 18_000 + r)
          .append("ts_us", 1_700_000_000_000_000L + r)
          .append("ts_ns", 1_700_000_000_000_000_000L + r * 1_000_003L)
          .append(
              "legacy_ts", int96(2_460_000 + r % 1000, r * 1_000_000_007L % 86_400_000_000_000L))
          .append(
              "dec_bin",
              Binary.fromConstantByteArray(
                  BigInteger.valueOf(-(long) r * 1_000_000_007L).toByteArray()))
          .append("dec_fixed", Binary.fromConstantByteArray(fixed(r * 997L - 400_000, 5)))
          .append("dec_int", r - 400);
    }
    if (r % 3 != 0) {
      Group tags = g.addGroup("tags");
      for (int j = 0; j < r % 4; j++) {
        Group e = tags.addGroup("list");
        if (j != 1) {
          e.append("element", "t" + j);
        }
      }
    }
    if (r % 4 != 2) {
      Group legacy = g.addGroup("legacy");
      for (int j = 0; j < r % 3; j++) {
        legacy.append("array", r + j);
      }
    }
    if (r % 7 != 0) {
      Group p = g.addGroup("point").append("x", r / 2.0);
      if (r % 2 == 0) {
        Group t = p.addGroup("tags");
        t.addGroup("list").append("element", (long) r);
        t.addGroup("list").append("element", (long) -r);
      }
    }
    return g;
  }

  private static Binary int96(long julianDay, long nanosOfDay) {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(nanosOfDay).putInt((int) julianDay);
    return Binary.fromConstantByteArray(b.array());
  }

  private static byte[] fixed(long unscaled, int n) {
    byte[] out = new byte[n];
    for (int i = n - 1; i >= 0; i--) {
      out[i] = (byte) unscaled;
      unscaled >>= 8;
    }
    return out;
  }
}
