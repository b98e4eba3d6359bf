package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.SluiceException;
import io.sluice.api.format.CsvOptions;
import io.sluice.api.format.FileOptions;
import io.sluice.api.format.JsonOptions;
import io.sluice.api.spi.WriteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed readers and writers ({@code readCsv}, {@code writeJson}, ...) read and write what the
 * string-keyed SPI path does with the same settings, and their settings take effect.
 */
class TypedFormatsTest {

  @TempDir Path dir;
  private Sluice sluice;

  @BeforeEach
  void open() {
    sluice = Sluice.local(ExecutionOptions.builder().cpuSlots(2).progress(false).build());
  }

  @AfterEach
  void close() {
    sluice.close();
  }

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static List<Row> byId(List<Row> rows) {
    return rows.stream()
        .sorted(Comparator.comparingLong(r -> ((Number) r.get("id")).longValue()))
        .toList();
  }

  @Test
  void csvDialectMatchesTheSpiPathAndRoundTripsThroughWriteCsv() throws IOException {
    Path in = file("in/a.tsv", "1\tcat\tNA\n2\tdog\t2.5\n3\tNA\t4\n");
    CsvOptions tsv =
        CsvOptions.defaults()
            .withHeader(false)
            .withDelimiter('\t')
            .withNullValue("NA")
            .withSchema("id BIGINT, name STRING, score DOUBLE");
    List<Row> typed = byId(sluice.readCsv(tsv, in.toString()).takeAll());
    List<Row> spi =
        byId(
            sluice
                .read(
                    "csv",
                    List.of(in.toString()),
                    Map.of(
                        "header",
                        "false",
                        "delimiter",
                        "\\t",
                        "nullValue",
                        "NA",
                        "schema",
                        "id BIGINT, name STRING, score DOUBLE"))
                .takeAll());
    assertThat(typed).isEqualTo(spi).hasSize(3);
    assertThat(typed.get(0).get("score")).isNull();
    assertThat(typed.get(2).get("name")).isNull();
    assertThat(typed.get(1).get("score")).isEqualTo(2.5);

    Path out = dir.resolve("out-csv");
    CsvOptions semi = CsvOptions.defaults().withDelimiter(';').withNullValue("-");
    sluice.readCsv(tsv, in.toString()).writeCsv(out.toString(), semi, WriteOptions.defaults());
    assertThat(Files.exists(out.resolve("_SUCCESS"))).isTrue();
    String written = dataFiles(out).stream().map(TypedFormatsTest::read).reduce("", String::concat);
    assertThat(written).startsWith("id;name;score").contains("1;cat;-").doesNotContain("\t");
    assertThat(
            byId(
                sluice
                    .readCsv(
                        semi.withSchema("id BIGINT, name STRING, score DOUBLE"), out.toString())
                    .takeAll()))
        .isEqualTo(typed);
  }

  @Test
  void jsonSchemaAndSkippingMalformedLines() throws IOException {
    Path in =
        file("in/a.jsonl", "{\"id\": 1, \"tags\": [\"a\"]}\nnot json\n{\"id\": 2, \"tags\": []}\n");
    assertThatThrownBy(() -> sluice.readJson(in.toString()).takeAll())
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("a.jsonl");
    JsonOptions skip =
        JsonOptions.defaults().withSchema("id BIGINT, tags ARRAY<STRING>").skippingMalformed();
    List<Row> rows = byId(sluice.readJson(skip, in.toString()).takeAll());
    assertThat(rows).extracting(r -> r.get("id")).containsExactly(1L, 2L);
    assertThat(rows.get(0).get("tags")).isEqualTo(List.of("a"));

    Path out = dir.resolve("out-json");
    sluice.readJson(skip, in.toString()).writeJson(out.toString());
    assertThat(
            byId(
                sluice
                    .readJson(
                        JsonOptions.defaults().withSchema("id BIGINT, tags ARRAY<STRING>"),
                        out.toString())
                    .takeAll()))
        .isEqualTo(rows);
  }

  @Test
  void textSkipsBlankLinesAndBinaryFilesGuardTheirSize() throws IOException {
    Path text = file("t/a.txt", "one\n\ntwo\n");
    assertThat(sluice.readText(text.toString()).count()).isEqualTo(3);
    assertThat(
            sluice.readText(FileOptions.defaults().skippingBlankLines(), text.toString()).takeAll())
        .extracting(r -> r.get("text"))
        .containsExactlyInAnyOrder("one", "two");

    file("b/small.bin", "abc");
    file("b/big.bin", "0123456789");
    assertThat(sluice.readBinaryFiles(dir.resolve("b/small.bin").toString()).takeAll())
        .extracting(r -> r.get("size"))
        .containsExactly(3L);
    assertThatThrownBy(
            () ->
                sluice
                    .readBinaryFiles(
                        FileOptions.defaults().withMaxFileBytes(5), dir.resolve("b").toString())
                    .takeAll())
        .hasMessageContaining("big.bin")
        .hasMessageContaining("maxFileBytes");
  }

  @Test
  void typedSettingsWinOverExtrasOfTheSameName() {
    Map<String, String> m =
        CsvOptions.defaults().withOption("delimiter", "|").withOption("splitBytes", "1024").toMap();
    assertThat(m).containsEntry("delimiter", ",").containsEntry("splitBytes", "1024");
    assertThatThrownBy(() -> JsonOptions.defaults().withSampleRows(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sampleRows");
  }

  private static List<Path> dataFiles(Path out) throws IOException {
    try (Stream<Path> s = Files.walk(out)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("_"))
          .toList();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
