package io.sluice.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.ReadTask;
import io.sluice.connectors.parquet.convert.ParquetToArrowSchema;
import io.sluice.connectors.parquet.vector.ColumnarReads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.Type.Repetition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The column-at-a-time decode path ({@code io.sluice.connectors.parquet.vector}) against two
 * independent readers on files parquet-mr's example Group writer wrote: our record path ({@value
 * ColumnarReads#PROPERTY}{@code =false}) and parquet-mr's Group reader. Rows, order and nulls must
 * match exactly; batches must keep the reader's size contract.
 */
class ParquetVectorizedTest {

  @TempDir Path tmp;

  private final Configuration conf = new Configuration();

  static final MessageType FLAT =
      MessageTypeParser.parseMessageType(
          """
      message flat {
        required int64 id;
        optional int32 i32;
        optional int32 i8 (INTEGER(8,true));
        optional int32 u16 (INTEGER(16,false));
        optional int64 i64;
        optional float f32;
        optional double f64;
        optional boolean flag;
        required boolean rflag;
        optional binary s (STRING);
        optional binary raw;
        optional fixed_len_byte_array(4) fx;
        optional int32 day (DATE);
        optional int64 ts (TIMESTAMP(MICROS,true));
        optional int32 tms (TIME(MILLIS,true));
        optional int64 tus (TIME(MICROS,false));
        required double rd;
        required binary rs (STRING);
        required int32 ri;
      }
      """);

  /**
   * FLAT without its unique {@code id}, which v2 writers always DELTA-encode (dictionary overflow).
   */
  static final MessageType FLAT_V2 =
      new MessageType("flat", FLAT.getFields().subList(1, FLAT.getFieldCount()));

  /** A flat schema plus a list column and a decimal: whole-file reads take the record path. */
  static final MessageType MIXED =
      MessageTypeParser.parseMessageType(
          """
      message mixed {
        required int64 id;
        optional binary s (STRING);
        optional group tags (LIST) { repeated group list { optional int64 element; } }
        optional double f64;
        optional int32 dec (DECIMAL(5,1));
      }
      """);

  static Stream<Arguments> layouts() {
    List<Arguments> out = new ArrayList<>();
    for (WriterVersion v : WriterVersion.values()) {
      for (CompressionCodecName codec :
          List.of(
              CompressionCodecName.UNCOMPRESSED,
              CompressionCodecName.SNAPPY,
              CompressionCodecName.ZSTD,
              CompressionCodecName.GZIP)) {
        for (boolean dictionary : new boolean[] {true, false}) {
          out.add(Arguments.of(v, codec, dictionary));
        }
      }
    }
    return out.stream();
  }

  /**
   * Every supported type, required and optional, with stretches of random, no and only nulls, small
   * pages and row groups, low-cardinality stretches (dictionary) then unique values (fallback to
   * PLAIN mid-chunk). v2 files fall back to DELTA encodings, whose row groups take the record path.
   */
  @ParameterizedTest(name = "{0} {1} dictionary={2}")
  @MethodSource("layouts")
  void everySupportedTypeMatchesTheRecordPathAndParquetMr(
      WriterVersion version, CompressionCodecName codec, boolean dictionary) throws Exception {
    List<Group> rows = write(FLAT, 2, 3000, version, codec, dictionary, false);
    if (version == WriterVersion.PARQUET_1_0) {
      assertThat(columnarRowGroups(FLAT))
          .as("v1 row groups read column-wise")
          .isEqualTo(rowGroups());
      if (dictionary) {
        assertThat(chunkEncodings())
            .as("some chunk falls back from dictionary to PLAIN")
            .anyMatch(e -> e.contains(Encoding.PLAIN_DICTIONARY) && e.contains(Encoding.PLAIN));
      }
    }
    compareAll(tmp.resolve("data"), rows, 1 << 20);
  }

  /**
   * v2 pages (levels outside the compressed data, RLE booleans) in low-cardinality (dictionary)
   * chunks.
   */
  @Test
  void dataPagesV2ReadColumnWise() throws Exception {
    List<Group> rows =
        write(FLAT_V2, 2, 2500, WriterVersion.PARQUET_2_0, CompressionCodecName.ZSTD, true, true);
    // A chunk whose first page holds only nulls makes parquet-mr give up the dictionary for DELTA.
    assertThat(columnarRowGroups(FLAT_V2)).isGreaterThan(1).isGreaterThanOrEqualTo(rowGroups() - 1);
    assertThat(chunkEncodings()).anyMatch(e -> e.contains(Encoding.RLE_DICTIONARY));
    compareAll(tmp.resolve("data"), rows, 1 << 20);
  }

  /**
   * Small targets and batch-row caps: batches cut across pages and row groups (one task per file).
   */
  @Test
  void batchesCutAcrossPagesAndRowGroups() throws Exception {
    List<Group> rows =
        write(FLAT, 2, 3000, WriterVersion.PARQUET_1_0, CompressionCodecName.SNAPPY, true, false);
    String dir = tmp.resolve("data").toString();
    for (long target : new long[] {1, 700, 9_000, 50_000}) {
      for (String maxRows : new String[] {"131072", "333"}) {
        ParquetDatasource source =
            ParquetDatasource.create(List.of(dir), Map.of("maxBatchRows", maxRows));
        Read ours = read(source, 1, target);
        Read theirs = read(source.withRecordPathOnly(), 1, target);
        String what = "target " + target + ", maxBatchRows " + maxRows;
        assertThat(ours.rows).as(what).hasSize(rows.size()).isEqualTo(theirs.rows);
        assertThat(ours.tasks).as(what).isEqualTo(2);
        for (int i = 0; i < ours.batches.size(); i++) {
          Batch b = ours.batches.get(i);
          assertThat(b.rows).as(what).isBetween(1, Integer.parseInt(maxRows));
          boolean lastOfTask =
              i + 1 == ours.batches.size() || ours.batches.get(i + 1).task != b.task;
          if (!lastOfTask && b.rows < Integer.parseInt(maxRows)) {
            assertThat(b.bytes)
                .as(what + ", batch " + i)
                .isGreaterThanOrEqualTo(target)
                .isLessThan(target + target / 4 + 400); // 25% + a row
          }
        }
        if (target == 1) { // one row per batch on both paths
          assertThat(ours.batches.size()).isEqualTo(theirs.batches.size()).isEqualTo(rows.size());
        }
      }
    }
  }

  /**
   * Fixed-width columns without nulls: every row has the same size, so batches end on the same
   * rows.
   */
  @Test
  void fixedWidthRowsEndBatchesOnTheRecordPathRows() throws Exception {
    MessageType fixed =
        MessageTypeParser.parseMessageType(
            "message fixed { required int64 id; required double rd; required int32 ri; required boolean rflag; }");
    write(
        fixed,
        1,
        20_000,
        WriterVersion.PARQUET_1_0,
        CompressionCodecName.UNCOMPRESSED,
        true,
        false);
    ParquetDatasource source = ParquetDatasource.of(tmp.resolve("data").toString());
    for (long target : new long[] {100, 4_321, 65_536, 1 << 20}) {
      Read ours = read(source, 1, target);
      Read theirs = read(source.withRecordPathOnly(), 1, target);
      assertThat(ours.batches).as("target " + target).isEqualTo(theirs.batches);
      assertThat(ours.rows).isEqualTo(theirs.rows);
    }
  }

  /**
   * A list and a decimal column send whole-file reads down the record path; a projection of the
   * flat columns reads the same file column-wise. A v2 file whose later row groups switch to DELTA
   * encodings mixes both paths inside one task.
   */
  @Test
  void unsupportedColumnsAndEncodingsFallBackToTheRecordPath() throws Exception {
    List<Group> rows =
        write(MIXED, 1, 3000, WriterVersion.PARQUET_1_0, CompressionCodecName.SNAPPY, true, false);
    String dir = tmp.resolve("data").toString();
    assertThat(columnarRowGroups(MIXED)).isZero();
    compareAll(tmp.resolve("data"), rows, 1 << 20);
    ParquetDatasource flat = ParquetDatasource.of(dir).withColumns(List.of("f64", "id", "s"));
    assertThat(
            columnarRowGroups(
                MessageTypeParser.parseMessageType(
                    "message m { required int64 id; optional binary s (STRING); optional double f64; }")))
        .isEqualTo(rowGroups());
    try (BufferAllocator allocator = new RootAllocator()) {
      List<List<Object>> projected = read(flat, allocator, 1000, 1 << 20).rows;
      assertThat(projected).hasSize(rows.size());
      for (int i = 0; i < rows.size(); i++) {
        List<Object> all = Values.group(rows.get(i));
        assertThat(projected.get(i))
            .as("row " + i)
            .containsExactly(all.get(3), all.get(0), all.get(1));
      }
    }

    Path mixedDir = tmp.resolve("mixed-encodings");
    List<Group> v2 =
        writeTo(
            mixedDir,
            FLAT_V2,
            1,
            6000,
            WriterVersion.PARQUET_2_0,
            CompressionCodecName.SNAPPY,
            true,
            r -> r < 3000); // low cardinality first (dictionary), then unique values (DELTA
    // fallback)
    int columnar = columnarRowGroups(mixedDir, FLAT_V2);
    assertThat(columnar).isPositive().isLessThan(rowGroups(mixedDir));
    compareAll(mixedDir, v2, 1 << 20);
    compareAll(mixedDir, v2, 2_000);
  }

  @Test
  void limitAndProjectionStayPushedDown() throws Exception {
    write(FLAT, 2, 3000, WriterVersion.PARQUET_1_0, CompressionCodecName.SNAPPY, true, false);
    ParquetReadMetrics metrics = new ParquetReadMetrics();
    ParquetDatasource source =
        ParquetDatasource.of(tmp.resolve("data").toString())
            .withMetrics(metrics)
            .withColumns(List.of("s", "id"))
            .withLimit(777);
    try (BufferAllocator allocator = new RootAllocator()) {
      Read ours = read(source, allocator, 1000, 1 << 20);
      Read theirs;
      try (BufferAllocator a = new RootAllocator()) {
        theirs =
            read(
                ParquetDatasource.create(
                        List.of(tmp.resolve("data").toString()), Map.of("vectorized", "false"))
                    .withColumns(List.of("s", "id"))
                    .withLimit(777),
                a,
                1000,
                1 << 20);
      }
      assertThat(ours.rows).hasSize(777).isEqualTo(theirs.rows);
      assertThat(ours.rows.get(776).get(1)).isEqualTo(776L);
      assertThat(metrics.rowsRead()).isEqualTo(777);
      assertThat(metrics.batches()).isEqualTo(ours.batches.size());
      assertThat(metrics.rowGroupsRead()).isEqualTo(ours.tasks);
    }
  }

  // ---- reading and comparing

  private record Batch(int task, int rows, long bytes) {}

  private record Read(List<List<Object>> rows, List<Batch> batches, int tasks) {}

  /** Reads with both paths and parquet-mr, at one task per row group and one task per file. */
  private void compareAll(Path dir, List<Group> written, long target) throws Exception {
    List<List<Object>> expected = written.stream().map(Values::group).toList();
    assertThat(parquetMr(dir)).as("parquet-mr's Group reader").isEqualTo(expected);
    ParquetDatasource source = ParquetDatasource.of(dir.toString());
    for (int hint : new int[] {1000, 1}) {
      Read ours = read(source, hint, target);
      Read record = read(source.withRecordPathOnly(), hint, target);
      assertThat(ours.rows).hasSize(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertThat(ours.rows.get(i)).as("row " + i).isEqualTo(expected.get(i));
      }
      assertThat(ours.rows).isEqualTo(record.rows);
      assertThat(ours.batches.stream().mapToInt(Batch::rows).sum())
          .isEqualTo(record.batches.stream().mapToInt(Batch::rows).sum());
    }
  }

  private static Read read(ParquetDatasource source, int parallelismHint, long target)
      throws IOException {
    try (BufferAllocator allocator = new RootAllocator()) {
      return read(source, allocator, parallelismHint, target);
    }
  }

  private static Read read(
      ParquetDatasource source, BufferAllocator allocator, int hint, long target)
      throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    List<Batch> batches = new ArrayList<>();
    List<ReadTask> tasks = source.planReadTasks(hint);
    for (int t = 0; t < tasks.size(); t++) {
      try (BatchReader r = tasks.get(t).open(allocator, target)) {
        VectorSchemaRoot b;
        while ((b = r.next()) != null) {
          try (VectorSchemaRoot batch = b) {
            rows.addAll(Values.rows(List.of(batch)));
            batches.add(new Batch(t, batch.getRowCount(), estimate(batch)));
          }
        }
      }
    }
    return new Read(rows, batches, tasks.size());
  }

  /**
   * The reader's batch-size estimate: value widths, string bytes + 4, 1 per boolean; nulls free.
   */
  private static long estimate(VectorSchemaRoot batch) {
    long bytes = 0;
    for (FieldVector v : batch.getFieldVectors()) {
      for (int i = 0; i < batch.getRowCount(); i++) {
        if (v.isNull(i)) {
          continue;
        }
        if (v instanceof BaseVariableWidthVector w) {
          bytes += w.getValueLength(i) + 4;
        } else if (v instanceof BitVector) {
          bytes += 1;
        } else if (v instanceof BaseFixedWidthVector f) {
          bytes += f.getTypeWidth();
        }
      }
    }
    return bytes;
  }

  // ---- writing and inspecting files

  private List<Group> write(
      MessageType schema,
      int files,
      int rowsPerFile,
      WriterVersion version,
      CompressionCodecName codec,
      boolean dictionary,
      boolean lowCardinality)
      throws IOException {
    return writeTo(
        tmp.resolve("data"),
        schema,
        files,
        rowsPerFile,
        version,
        codec,
        dictionary,
        r -> lowCardinality || r % 2000 < 1000);
  }

  private List<Group> writeTo(
      Path dir,
      MessageType schema,
      int files,
      int rowsPerFile,
      WriterVersion version,
      CompressionCodecName codec,
      boolean dictionary,
      IntPredicate lowCardinality)
      throws IOException {
    List<Group> rows = new ArrayList<>();
    SimpleGroupFactory factory = new SimpleGroupFactory(schema);
    SplittableRandom random = new SplittableRandom(7);
    for (int f = 0; f < files; f++) {
      org.apache.hadoop.fs.Path path =
          new org.apache.hadoop.fs.Path(dir.resolve("f" + f + ".parquet").toUri());
      try (ParquetWriter<Group> w =
          ExampleParquetWriter.builder(path)
              .withConf(conf)
              .withType(schema)
              .withWriterVersion(version)
              .withCompressionCodec(codec)
              .withDictionaryEncoding(dictionary)
              .withDictionaryPageSize(1024)
              .withPageRowCountLimit(97)
              .withPageSize(2048)
              .withRowGroupSize(24L << 10)
              .build()) {
        for (int r = 0; r < rowsPerFile; r++) {
          Group g = row(factory, schema, f * rowsPerFile + r, random, lowCardinality.test(r));
          rows.add(g);
          w.write(g);
        }
      }
    }
    return rows;
  }

  /**
   * One row. Nulls by stretch of 600 rows: random 20%, none, all (whole pages of nulls), random
   * 50%. Low-cardinality rows draw from 7 values, others are unique.
   */
  private static Group row(
      SimpleGroupFactory factory,
      MessageType schema,
      int r,
      SplittableRandom random,
      boolean lowCardinality) {
    Group g = factory.newGroup();
    int stretch = (r / 600) % 4;
    long v = lowCardinality ? random.nextInt(7) - 3 : random.nextLong();
    for (org.apache.parquet.schema.Type t : schema.getFields()) {
      String n = t.getName();
      boolean optional = t.isRepetition(Repetition.OPTIONAL);
      boolean isNull =
          optional
              && switch (stretch) {
                case 0 -> random.nextInt(5) == 0;
                case 1 -> false;
                case 2 -> true;
                default -> random.nextBoolean();
              };
      if (isNull) {
        continue;
      }
      switch (n) {
        case "id" -> g.append(n, (long) r);
        case "i32", "ri" -> g.append(n, (int) v);
        case "i8" -> g.append(n, (int) (byte) v);
        case "u16" -> g.append(n, (int) (v & 0xffff));
        case "i64", "ts", "tus" -> g.append(n, v);
        case "f32" -> g.append(n, (float) v / 3);
        case "f64", "rd" -> g.append(n, r % 97 == 0 ? Double.NaN : v / 7.0);
        case "flag", "rflag" -> g.append(n, (v & 1) == 0);
        case "s", "rs" -> g.append(n, r % 41 == 0 ? "" : (lowCardinality ? "cat-" : "ünique-") + v);
        case "raw" -> g.append(n, Binary.fromConstantByteArray(Long.toString(v, 36).getBytes()));
        case "fx" ->
            g.append(
                n,
                Binary.fromConstantByteArray(
                    new byte[] {(byte) v, (byte) (v >> 8), 3, (byte) (lowCardinality ? 0 : r)}));
        case "day", "tms" -> g.append(n, (int) (v & 0x3ffffff));
        case "dec" -> g.append(n, (int) (v % 10_000));
        case "tags" -> {
          Group tags = g.addGroup(n);
          for (int i = 0; i < r % 3; i++) {
            Group e = tags.addGroup("list");
            if (i != 1) {
              e.append("element", v + i);
            }
          }
        }
        default -> throw new IllegalArgumentException(n);
      }
    }
    return g;
  }

  private int rowGroups() throws IOException {
    return rowGroups(tmp.resolve("data"));
  }

  private int rowGroups(Path dir) throws IOException {
    int n = 0;
    for (BlockMetaData ignored : blocks(dir)) {
      n++;
    }
    return n;
  }

  private int columnarRowGroups(MessageType requested) throws IOException {
    return columnarRowGroups(tmp.resolve("data"), requested);
  }

  /** Row groups the columnar path would decode when {@code requested} is read. */
  private int columnarRowGroups(Path dir, MessageType requested) throws IOException {
    Schema arrow = ParquetToArrowSchema.convert(requested, null);
    ColumnarReads plan = ColumnarReads.plan(requested, arrow);
    if (plan == null) {
      return 0;
    }
    int n = 0;
    for (BlockMetaData b : blocks(dir)) {
      n += plan.supports(b) ? 1 : 0;
    }
    return n;
  }

  private List<Set<Encoding>> chunkEncodings() throws IOException {
    List<Set<Encoding>> out = new ArrayList<>();
    for (BlockMetaData b : blocks(tmp.resolve("data"))) {
      for (ColumnChunkMetaData c : b.getColumns()) {
        out.add(c.getEncodings().isEmpty() ? Set.of() : EnumSet.copyOf(c.getEncodings()));
      }
    }
    return out;
  }

  private List<BlockMetaData> blocks(Path dir) throws IOException {
    List<BlockMetaData> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList()) {
        try (ParquetFileReader r =
            ParquetFileReader.open(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(p.toUri()), conf))) {
          out.addAll(r.getRowGroups());
        }
      }
    }
    return out;
  }

  /** parquet-mr's own reading of the files. */
  private List<List<Object>> parquetMr(Path dir) throws IOException {
    List<List<Object>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList()) {
        try (ParquetReader<Group> r =
            ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(p.toUri()))
                .withConf(conf)
                .build()) {
          for (Group g = r.read(); g != null; g = r.read()) {
            out.add(Values.group(g));
          }
        }
      }
    }
    return out;
  }
}
