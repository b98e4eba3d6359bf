package io.sluice.connectors.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Row;
import io.sluice.api.SimpleRow;
import io.sluice.api.row.RowBatchBuilder;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.spi.WriteTaskResult;
import io.sluice.connectors.fs.FileSystems;
import io.sluice.connectors.fs.FsConfig;
import io.sluice.connectors.fs.Manifest;
import io.sluice.connectors.parquet.ParquetDatasink;
import io.sluice.connectors.parquet.ParquetDatasource;
import io.sluice.connectors.parquet.ParquetReadMetrics;
import io.sluice.connectors.testing.LocalJob;
import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parquet jobs from S3 to S3 through S3A against the in-process s3proxy, with the manifest commit.
 */
class S3ParquetJobTest {

  private static S3TestServer s3;
  private static BufferAllocator allocator;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer();
    s3.createBucket("input");
    s3.createBucket("output");
    allocator = new RootAllocator();
    S3Tables.write(
        new ParquetDatasink(
            "s3a://input/table/",
            new WriteOptions(
                WriteMode.ERROR_IF_EXISTS, WriteOptions.DEFAULT_TARGET_FILE_BYTES, props())),
        allocator,
        3,
        2000);
  }

  @AfterAll
  static void stop() throws Exception {
    allocator.close();
    s3.close();
  }

  private static Map<String, String> props() {
    Map<String, String> p = new HashMap<>(s3.options());
    p.put("rowGroupBytes", "262144"); // several row groups per file
    return p;
  }

  private static WriteOptions write() {
    return new WriteOptions(
        WriteMode.ERROR_IF_EXISTS, WriteOptions.DEFAULT_TARGET_FILE_BYTES, props());
  }

  private static FileSystem fs(String bucket) throws Exception {
    return FileSystems.get(new Path("s3a://" + bucket + "/"), FsConfig.fromOptions(props()));
  }

  private static List<String> names(String dir) throws Exception {
    try {
      return Arrays.stream(fs(new Path(dir).toUri().getAuthority()).listStatus(new Path(dir)))
          .map(s -> s.getPath().getName())
          .sorted()
          .toList();
    } catch (FileNotFoundException e) {
      return List.of();
    }
  }

  @Test
  void readMapWriteFromS3ToS3CommitsWithManifest() throws Exception {
    Schema out =
        new Schema(
            List.of(
                new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("upper", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
    ParquetDatasource src =
        ParquetDatasource.create(List.of("s3a://input/table/"), props())
            .withColumns(List.of("id", "name"));
    WriteResult r =
        LocalJob.run(
            src,
            row ->
                new SimpleRow(
                    new String[] {"id", "upper"},
                    new Object[] {row.get("id"), ((String) row.get("name")).toUpperCase()}),
            out,
            new ParquetDatasink("s3a://output/job1/", write()),
            allocator,
            "job-1");

    assertThat(r.rows()).isEqualTo(6000);
    List<String> listing = names("s3a://output/job1/");
    assertThat(listing)
        .contains("_SUCCESS", Manifest.FILE_NAME)
        .noneMatch(n -> n.startsWith(".") || n.contains("staging"));
    Manifest m = Manifest.read(fs("output"), new Path("s3a://output/job1/")).orElseThrow();
    assertThat(m.rows()).isEqualTo(6000);
    assertThat(m.files())
        .extracting(Manifest.Entry::name)
        .containsExactlyInAnyOrderElementsOf(
            listing.stream().filter(n -> n.startsWith("part-")).toList());
    assertThat(m.files()).allMatch(e -> e.rows() != null && e.bytes() > 0);

    List<Row> back =
        LocalJob.readRows(
            ParquetDatasource.create(List.of("s3a://output/job1/"), props()), allocator);
    assertThat(back).hasSize(6000);
    assertThat(back.stream().mapToLong(x -> (Long) x.get("id")).sum()).isEqualTo(5999L * 6000 / 2);
    assertThat(back).allMatch(x -> x.get("upper").equals("NAME-" + x.get("id")));
  }

  /**
   * Bytes the server sent for a 1-of-4-column read against a full read, each on a fresh S3A
   * instance (the analytics stream caches object data per instance), for both S3A input streams;
   * Sluice defaults to the classic one.
   */
  @Test
  void projectionFetchesOnlyTheSelectedColumnChunks() throws Exception {
    for (String stream : List.of("analytics", "classic")) {
      Map<String, String> o = new HashMap<>(props());
      o.put("fs.s3a.input.stream.type", stream);
      long[] one = read(o, List.of("id"), "one-" + stream);
      long[] full = read(o, null, "full-" + stream);
      System.out.printf(
          "S3 %s stream, 3 objects of %d bytes: full read: %d bytes in %d GETs (reader %d);"
              + " 1 of 4 columns (id): %d bytes in %d GETs (reader %d)%n",
          stream, objectBytes(), full[0], full[1], full[2], one[0], one[1], one[2]);
      assertThat(full[0]).as(stream + " full").isGreaterThan(objectBytes() * 9 / 10);
      if (stream.equals(
          "classic")) { // Sluice's default; analytics fetches these small (< 8 MB) objects whole
        assertThat(one[0]).as(stream + " projected").isLessThan(full[0] / 10);
      }
    }
  }

  /**
   * {server bytes, GETs, reader bytes} of reading {@code columns} (null: all) on a fresh instance.
   */
  private long[] read(Map<String, String> options, List<String> columns, String instance)
      throws Exception {
    Map<String, String> o = new HashMap<>(options);
    o.put("fs.s3a.user.agent.prefix", instance); // a distinct FsConfig gets its own S3A instance
    long bytes = s3.bytesServed();
    long gets = s3.gets();
    ParquetReadMetrics m = new ParquetReadMetrics();
    ParquetDatasource src =
        ParquetDatasource.create(List.of("s3a://input/table/"), o).withMetrics(m);
    List<Row> rows = LocalJob.readRows(columns == null ? src : src.withColumns(columns), allocator);
    assertThat(rows).hasSize(6000);
    return new long[] {s3.bytesServed() - bytes, s3.gets() - gets, m.bytesRead()};
  }

  private static long objectBytes() throws Exception {
    return Arrays.stream(fs("input").listStatus(new Path("s3a://input/table/")))
        .filter(s -> s.getPath().getName().startsWith("part-"))
        .mapToLong(FileStatus::getLen)
        .sum();
  }

  @Test
  void failedJobLeavesNoManifestAndFailedAttemptsStayInvisible() throws Exception {
    ParquetDatasource src = ParquetDatasource.create(List.of("s3a://input/table/"), props());
    try {
      LocalJob.run(
          src,
          row -> {
            if ((Long) row.get("id") == 4321) {
              throw new IllegalStateException("udf failed on row 4321");
            }
            return row;
          },
          S3Tables.SCHEMA,
          new ParquetDatasink("s3a://output/failed/", write()),
          allocator,
          "job-fail");
      throw new AssertionError("the job should fail");
    } catch (IllegalStateException expected) {
      assertThat(expected).hasMessageContaining("4321");
    }
    assertThat(fs("output").exists(new Path("s3a://output/failed/" + Manifest.FILE_NAME)))
        .isFalse();
    assertThat(fs("output").exists(new Path("s3a://output/failed/_SUCCESS"))).isFalse();
    assertThat(names("s3a://output/failed/")).isEmpty(); // abort removed the attempt files

    // a crashed job (never aborted) leaves a file; a later job's attempt 0 fails without abort,
    // attempt 1 commits: readers see exactly attempt 1, and the commit collects both leftovers
    ParquetDatasink sink =
        new ParquetDatasink(
            "s3a://output/attempts/",
            write().withMode(WriteMode.APPEND).withProperty("orphanGraceSeconds", "0"));
    WriteJob crashed = sink.createJob(S3Tables.SCHEMA, "crashed");
    writeRows(crashed.openTask(0, 0), 0, 10).commit();
    assertThat(names("s3a://output/attempts/")).hasSize(1);
    WriteJob job = sink.createJob(S3Tables.SCHEMA, "retry");
    writeRows(job.openTask(0, 0), 0, 10)
        .commit(); // this attempt "died"; its result never reaches commit
    WriteTaskResult ok = writeRows(job.openTask(0, 1), 100, 5).commit();
    job.commit(List.of(ok));

    List<Row> rows =
        LocalJob.readRows(
            ParquetDatasource.create(List.of("s3a://output/attempts/"), props()), allocator);
    assertThat(rows)
        .extracting(x -> (Long) x.get("id"))
        .containsExactly(100L, 101L, 102L, 103L, 104L);
    assertThat(names("s3a://output/attempts/"))
        .containsExactlyInAnyOrder(
            "_SUCCESS", Manifest.FILE_NAME, new Path(ok.files().get(0)).getName());
  }

  private static TaskWriter writeRows(TaskWriter w, long from, int n) throws Exception {
    RowBatchBuilder b = new RowBatchBuilder(S3Tables.SCHEMA);
    for (int i = 0; i < n; i++) {
      b.add(S3Tables.row(from + i));
    }
    try (var batch = b.build(allocator)) {
      w.write(batch);
    }
    return w;
  }

  @Test
  void prefixesAndGlobsList() throws Exception {
    for (String day : List.of("2026-01-01", "2026-01-02", "2026-01-03")) {
      S3Tables.write(
          new ParquetDatasink("s3a://input/logs/day=" + day + "/", write()), allocator, 2, 10);
    }
    Map<String, String> cached = new HashMap<>(props());
    cached.put("listingCacheSeconds", "30");
    assertThat(ParquetDatasource.create(List.of("s3a://input/logs/"), props()).files()).hasSize(6);
    assertThat(
            LocalJob.readRows(
                ParquetDatasource.create(List.of("s3a://input/logs/day=2026-01-0[12]/"), cached),
                allocator))
        .hasSize(40);
    assertThat(ParquetDatasource.create(List.of("s3a://input/logs/*/part-00001-*"), cached).files())
        .hasSize(3);
    assertThat(ParquetDatasource.create(List.of("s3a://input/logs/*/part-00001-*"), cached).files())
        .hasSize(3);
    List<String> both =
        new ArrayList<>(
            ParquetDatasource.create(
                    List.of("s3a://input/logs/day=2026-01-03", "s3a://input/logs/day=2026-01-01/"),
                    props())
                .files());
    assertThat(both).hasSize(4).first().asString().contains("2026-01-03");
  }
}
