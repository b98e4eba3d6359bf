package io.sluice.connectors.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.SupportsProjection;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.connectors.testing.LocalJob;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV, JSON lines, text and binary files on the local file system, found through ServiceLoader. */
class FormatsTest {

  @TempDir Path dir;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  private Datasource source(String format, String path, Map<String, String> options) {
    return Sluice.format(format).source(List.of(path), options);
  }

  private List<Row> read(String format, String path, Map<String, String> options)
      throws IOException {
    return LocalJob.readRows(source(format, path, options), allocator);
  }

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void csvInfersTypesAndHandlesQuotingAndNulls() throws IOException {
    Path p =
        file(
            "in/a.csv",
            "id,name,price,day,ok\n"
                + "1,\"Smith, J\",1.5,2024-01-02,true\n"
                + "2,\"say \"\"hi\"\"\",,2024-02-03,false\n"
                + "3,\"\",2.25,,true\n");
    Datasource src = source("csv", p.toString(), Map.of());
    assertThat(src.schema().getFields())
        .extracting(f -> f.getType().toString())
        .containsExactly("Int(64, true)", "Utf8", "FloatingPoint(DOUBLE)", "Date(DAY)", "Bool");
    List<Row> rows = LocalJob.readRows(src, allocator);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get("name")).isEqualTo("Smith, J");
    assertThat(rows.get(1).get("name")).isEqualTo("say \"hi\"");
    assertThat(rows.get(1).get("price")).isNull();
    assertThat(rows.get(2).get("name")).isEqualTo(""); // quoted empty is a string, not null
    assertThat(rows.get(2).get("day")).isNull();
    assertThat(rows.get(0).get("day")).isEqualTo(LocalDate.of(2024, 1, 2));
  }

  @Test
  void csvDeclaredSchemaDelimiterAndNullToken() throws IOException {
    Path p =
        file("b.tsv", "1\t12.50\t2024-01-02 03:04:05\tNA\n2\tNA\t2024-01-02T03:04:05.123456\tx\n");
    List<Row> rows =
        read(
            "csv",
            p.toString(),
            Map.of(
                "header",
                "false",
                "delimiter",
                "\\t",
                "nullValue",
                "NA",
                "schema",
                "id int, amount decimal(10,2), at timestamp, s string"));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("id")).isEqualTo(1);
    assertThat(rows.get(0).get("amount")).isEqualTo(new BigDecimal("12.50"));
    assertThat(rows.get(1).get("at")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000));
    assertThat(rows.get(0).get("s")).isNull();
  }

  @Test
  void csvMalformedRecordNamesFileAndLineOrIsSkipped() throws IOException {
    Path p = file("bad.csv", "id,v\n1,2\n2,3\nx,4\n5\n6,7\n");
    Map<String, String> typed = Map.of("schema", "id bigint, v bigint");
    assertThatThrownBy(() -> read("csv", p.toString(), typed))
        .hasMessageContaining(p.getFileName().toString())
        .hasMessageContaining("line 4")
        .hasMessageContaining("'x'")
        .hasMessageContaining("column 'id'");
    Map<String, String> skip = new HashMap<>(typed);
    skip.put("malformed", "skip");
    assertThat(read("csv", p.toString(), skip))
        .extracting(r -> r.get("id"))
        .containsExactly(1L, 2L, 6L);
  }

  @Test
  void splitsReadEveryLineExactlyOnce() throws IOException {
    StringBuilder csv = new StringBuilder("id,text\n");
    StringBuilder text = new StringBuilder();
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      csv.append(i).append(",line ").append(i).append('\n');
      text.append("line ").append(i).append(i % 7 == 0 ? "\r\n" : "\n");
      json.append("{\"id\":").append(i).append(",\"tags\":[\"t").append(i % 3).append("\"]}\n");
    }
    Path c = file("split/a.csv", csv.toString());
    Path t = file("split/a.txt", text.toString());
    Path j = file("split/a.json", json.toString());
    Map<String, String> small = Map.of("splitBytes", "1000");
    assertThat(source("csv", c.toString(), small).planReadTasks(1).size()).isGreaterThan(40);
    assertThat(read("csv", c.toString(), small))
        .extracting(r -> r.get("id"))
        .containsExactlyElementsOf(
            read("csv", c.toString(), Map.of()).stream().map(r -> r.get("id")).toList());
    List<Row> lines = read("text", t.toString(), small);
    assertThat(lines).hasSize(5000);
    assertThat(lines.get(4999).get("text")).isEqualTo("line 4999");
    assertThat(lines.get(7).get("text")).isEqualTo("line 7");
    assertThat(read("json", j.toString(), small))
        .extracting(r -> r.get("id"))
        .hasSize(5000)
        .doesNotHaveDuplicates();
  }

  @Test
  void jsonNestedObjectsBecomeStructsAndArraysLists() throws IOException {
    Path p =
        file(
            "n.json",
            "{\"id\":1,\"user\":{\"name\":\"ann\",\"age\":30},\"tags\":[\"a\",\"b\"],\"score\":1.5}\n"
                + "\n{\"id\":2,\"user\":{\"name\":\"bob\"},\"tags\":[],\"extra\":true}\n");
    Datasource src = source("json", p.toString(), Map.of());
    assertThat(src.schema().findField("user").getType()).isInstanceOf(ArrowType.Struct.class);
    assertThat(src.schema().findField("tags").getType()).isInstanceOf(ArrowType.List.class);
    List<Row> rows = LocalJob.readRows(src, allocator);
    assertThat(((Row) rows.get(0).get("user")).get("age")).isEqualTo(30L);
    assertThat(((Row) rows.get(1).get("user")).get("age")).isNull();
    assertThat(rows.get(0).get("tags")).isEqualTo(List.of("a", "b"));
    assertThat(rows.get(1).get("extra")).isEqualTo(true);
    assertThat(rows.get(0).get("extra")).isNull();

    Path bad = file("bad.json", "{\"id\":1}\n{\"id\":\n{\"id\":3}\n");
    assertThatThrownBy(() -> read("json", bad.toString(), Map.of("schema", "id bigint")))
        .hasMessageContaining("bad.json")
        .hasMessageContaining("line 2");
    assertThat(read("json", bad.toString(), Map.of("schema", "id bigint", "malformed", "skip")))
        .hasSize(2);
  }

  @Test
  void gzipAndZstdFilesAreReadAndWritten() throws IOException {
    Path gz = dir.resolve("c/a.csv.gz");
    Files.createDirectories(gz.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("id,v\n1,a\n2,b\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(read("csv", gz.toString(), Map.of())).hasSize(2);
    for (String codec : List.of("gzip", "zstd")) {
      String out = dir.resolve("out-" + codec).toString();
      WriteOptions w =
          new WriteOptions(WriteMode.ERROR_IF_EXISTS, 1 << 20, Map.of("compression", codec));
      WriteResult r =
          LocalJob.run(
              source("csv", gz.toString(), Map.of()),
              x -> x,
              source("csv", gz.toString(), Map.of()).schema(),
              Sluice.format("json").sink(out, w),
              allocator,
              "j");
      assertThat(r.files())
          .allMatch(f -> f.endsWith(codec.equals("gzip") ? ".json.gz" : ".json.zst"));
      assertThat(read("json", out, Map.of())).extracting(x -> x.get("v")).containsExactly("a", "b");
    }
  }

  @Test
  void sinkRollsToANewFilePastTheTargetSize() throws IOException {
    // encoders buffer (8 KB and more), so a file's size shows in steps: rows enough for several
    int n = 3000;
    StringBuilder csv = new StringBuilder("id,v\n");
    for (int i = 0; i < n; i++) {
      csv.append(i).append(",value-").append(i).append("-".repeat(40)).append('\n');
    }
    Path in = file("roll/in.csv", csv.toString());
    String out = dir.resolve("roll-out").toString();
    Datasource src = source("csv", in.toString(), Map.of());
    WriteResult r =
        LocalJob.run(
            src,
            x -> x,
            src.schema(),
            Sluice.format("json")
                .sink(out, new WriteOptions(WriteMode.ERROR_IF_EXISTS, 20_000, Map.of())),
            allocator,
            "roll");
    assertThat(r.files()).hasSizeGreaterThan(3);
    long onDisk = 0;
    for (String f : r.files()) {
      onDisk += Files.size(Path.of(URI.create(f)));
    }
    assertThat(r.bytes()).isEqualTo(onDisk);
    assertThat(r.rows()).isEqualTo(n);
    assertThat(read("json", out, Map.of()))
        .extracting(x -> ((Number) x.get("id")).longValue())
        .hasSize(n)
        .doesNotHaveDuplicates()
        .allMatch(id -> id >= 0 && id < n);
  }

  @Test
  void csvJsonAndTextSinksRoundTrip() throws IOException {
    Path p =
        file(
            "rt/a.json",
            "{\"id\":1,\"s\":\"x,y\",\"d\":1.25,\"n\":null,\"tags\":[1,2]}\n"
                + "{\"id\":2,\"s\":\"line\\nbreak\",\"d\":-3.0,\"n\":null,\"tags\":[]}\n");
    Datasource src =
        source(
            "json",
            p.toString(),
            Map.of("schema", "id bigint, s string, d double, n string, tags list<bigint>"));
    String jsonOut = dir.resolve("rt-json").toString();
    LocalJob.run(
        src,
        x -> x,
        src.schema(),
        Sluice.format("json").sink(jsonOut, WriteOptions.defaults()),
        allocator,
        "j1");
    List<Row> back =
        read(
            "json",
            jsonOut,
            Map.of("schema", "id bigint, s string, d double, n string, tags list<bigint>"));
    assertThat(back)
        .extracting(Row::toString)
        .containsExactlyElementsOf(
            LocalJob.readRows(src, allocator).stream().map(Row::toString).toList());

    Datasource flat = src.getClass().cast(src);
    Datasource noTags = ((SupportsProjection) flat).withColumns(List.of("id", "s", "d", "n"));
    String csvOut = dir.resolve("rt-csv").toString();
    LocalJob.run(
        noTags,
        x -> x,
        noTags.schema(),
        Sluice.format("csv").sink(csvOut, WriteOptions.defaults()),
        allocator,
        "j2");
    List<Row> csv =
        read(
            "csv",
            csvOut,
            Map.of("multiLine", "true", "schema", "id bigint, s string, d double, n string"));
    assertThat(csv).extracting(r -> r.get("s")).containsExactly("x,y", "line\nbreak");
    assertThat(csv).extracting(r -> r.get("n")).containsOnlyNulls();

    Datasource texts = ((SupportsProjection) flat).withColumns(List.of("s"));
    String txtOut = dir.resolve("rt-txt").toString();
    LocalJob.run(
        texts,
        x -> x,
        texts.schema(),
        Sluice.format("text").sink(txtOut, WriteOptions.defaults()),
        allocator,
        "j3");
    assertThat(read("text", txtOut, Map.of()))
        .extracting(r -> r.get("text"))
        .containsExactly("x,y", "line", "break");
  }

  @Test
  void binaryFilesOneRowEachWithSizeGuard() throws IOException {
    Files.createDirectories(dir.resolve("bin"));
    Files.write(dir.resolve("bin/a.png"), new byte[] {1, 2, 3});
    Files.write(dir.resolve("bin/b.pdf"), new byte[1000]);
    List<Row> rows = read("binary", dir.resolve("bin").toString(), Map.of());
    assertThat(rows).extracting(r -> r.get("size")).containsExactly(3L, 1000L);
    assertThat((byte[]) rows.get(0).get("bytes")).containsExactly(1, 2, 3);
    assertThat((String) rows.get(1).get("path")).endsWith("bin/b.pdf");
    assertThatThrownBy(
            () -> read("binary", dir.resolve("bin").toString(), Map.of("maxFileBytes", "100")))
        .hasMessageContaining("b.pdf")
        .hasMessageContaining("1000 bytes")
        .hasMessageContaining("100 bytes")
        .hasMessageContaining("maxFileBytes");
  }

  @Test
  void readersHonourTheManifest() throws IOException {
    file("m/part-00000-a1-000-j.json", "{\"id\":1}\n");
    file("m/part-00000-a0-000-j.json", "{\"id\":666}\n");
    file(
        "m/_sluice_manifest.json",
        "{\"version\":1,\"jobId\":\"j\",\"mode\":\"APPEND\",\"committedAtMillis\":0,"
            + "\"rows\":1,\"files\":[{\"name\":\"part-00000-a1-000-j.json\",\"bytes\":9,\"task\":0,\"attempt\":1}]}");
    assertThat(read("json", dir.resolve("m").toString(), Map.of()))
        .extracting(r -> r.get("id"))
        .containsExactly(1L);
    List<String> all = new ArrayList<>();
    read("text", dir.resolve("m/part-*").toString(), Map.of())
        .forEach(r -> all.add((String) r.get("text")));
    assertThat(all).hasSize(2); // a glob naming files directly reads what it names
  }
}
