package io.sluice.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.PlanException;
import io.sluice.api.spi.WriteOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetBadInputTest {

  @TempDir Path tmp;

  @Test
  void missingPathIsNamed() {
    String missing = tmp.resolve("nope").toString();
    assertThatThrownBy(() -> ParquetDatasource.of(missing).schema())
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining(missing);
    assertThatThrownBy(() -> ParquetDatasource.of(tmp.resolve("*.parquet").toString()).schema())
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("*.parquet");
  }

  @Test
  void emptyDirectoryIsAnEmptyDataset() throws Exception {
    Files.createDirectories(tmp.resolve("empty"));
    ParquetDatasource src = ParquetDatasource.of(tmp.resolve("empty").toString());
    Assertions.assertThat(src.isEmpty()).isTrue();
    Assertions.assertThat(src.planReadTasks(1)).isEmpty();
    Assertions.assertThat(src.schema().getFields()).isEmpty();
  }

  @Test
  void nonParquetFileIsNamed() throws Exception {
    Path f = tmp.resolve("notes.parquet");
    Files.writeString(f, "this is plain text, not parquet at all");
    assertThatThrownBy(() -> ParquetDatasource.of(tmp.toString()).schema())
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("notes.parquet")
        .hasMessageContaining("not a readable Parquet file");
  }

  @Test
  void truncatedFileIsNamed() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = tmp.resolve("out").toString();
      var result = Fixtures.writeAllTypes(allocator, dest, WriteOptions.defaults(), 1, 1, 100);
      Path file = Path.of(URI.create(result.files().get(0)));
      byte[] bytes = Files.readAllBytes(file);
      Files.write(file, Arrays.copyOf(bytes, bytes.length - 20));
      assertThatThrownBy(() -> ParquetDatasource.of(dest).schema())
          .isInstanceOf(PlanException.class)
          .hasMessageContaining(file.getFileName().toString());
    }
  }

  @Test
  void missingColumnListsTheAvailableOnes() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = tmp.resolve("out").toString();
      Fixtures.writeAllTypes(allocator, dest, WriteOptions.defaults(), 1, 1, 10);
      assertThatThrownBy(() -> ParquetDatasource.of(dest).withColumns(List.of("id", "nosuch")))
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("'nosuch'")
          .hasMessageContaining("available columns: [id, b, i8");
    }
  }

  @Test
  void conflictingSchemasNameBothFiles() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      Fixtures.writeAllTypes(
          allocator, tmp.resolve("data/a").toString(), WriteOptions.defaults(), 1, 1, 10);
      Schema other = new Schema(List.of(AllTypes.f("id", ArrowType.Utf8.INSTANCE)));
      Fixtures.write(
          tmp.resolve("data/b").toString(),
          other,
          WriteOptions.defaults(),
          List.of(VectorSchemaRoot.create(other, allocator)));
      assertThatThrownBy(() -> ParquetDatasource.of(tmp.resolve("data").toString()).schema())
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("/data/a/")
          .hasMessageContaining("/data/b/")
          .hasMessageContaining("Utf8")
          .hasMessageContaining("Int(64, true)");
    }
  }

  @Test
  void unsupportedTypeOnWriteNamesTheColumnBeforeTouchingStorage() {
    Schema schema =
        new Schema(List.of(AllTypes.f("span", new ArrowType.Duration(TimeUnit.SECOND))));
    String dest = tmp.resolve("out").toString();
    assertThatThrownBy(
            () -> new ParquetDatasink(dest, WriteOptions.defaults()).createJob(schema, "j"))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("'span'")
        .hasMessageContaining("Duration");
    Assertions.assertThat(tmp.toFile().list()).isEmpty();
  }

  @Test
  void unknownCompressionIsRejected() {
    assertThatThrownBy(
            () ->
                new ParquetDatasink(
                    "x", WriteOptions.defaults().withProperty("compression", "lzma")))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("lzma");
  }
}
