package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.SluiceException;
import io.sluice.api.spi.WriteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disks that fill up mid-job: the output's file system ({@link FullDiskFileSystem}) and the spill
 * directory (its quota). The job fails naming the directory and the bytes, leaves no staging or
 * spill files and publishes nothing; a rerun once there is room writes exactly the expected rows.
 */
class FullDiskTest {

  @TempDir Path dir;

  static final long ROWS = 20_000;
  Path input;

  @BeforeEach
  void input() {
    input = dir.resolve("input");
    try (Sluice s = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      s.range(ROWS)
          .map(r -> Row.of("id", r.getLong("id")))
          .writeParquet(
              input.toString(),
              WriteOptions.defaults().withProperty("rowGroupBytes", String.valueOf(8 << 10)));
    }
  }

  private void run(
      ExecutionOptions.Builder o, String output, Map<String, String> fs, boolean sort) {
    try (Sluice s = Sluice.local(o.cpuSlots(2).progress(false).build())) {
      WriteOptions w = WriteOptions.defaults().withTargetFileBytes(64 << 10);
      for (Map.Entry<String, String> e : fs.entrySet()) {
        w = w.withProperty(e.getKey(), e.getValue());
      }
      var ds =
          s.read("parquet", List.of(input.toString()), Map.of("minTaskBytes", "1"))
              .map(
                  r ->
                      Row.of(
                          "id", r.getLong("id"), "value", ResumableJobMain.value(r.getLong("id"))));
      (sort ? ds.sort("value") : ds).writeParquet(output, w);
    }
  }

  private List<String> leftovers(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p).toString())
          .filter(
              n ->
                  n.contains(".sluice-staging")
                      || n.contains("sluice-spill")
                      || n.endsWith(".arrows"))
          .toList();
    }
  }

  @Test
  void fullOutputDiskFailsClearlyPublishesNothingAndARerunWithRoomIsExact() throws Exception {
    Path output = dir.resolve("output");
    String uri = FullDiskFileSystem.SCHEME + ":" + output;
    assertThatThrownBy(
            () ->
                run(ExecutionOptions.builder(), uri, FullDiskFileSystem.settings(100 << 10), false))
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("No space left on device")
        .hasMessageContaining(dir.toString())
        .hasMessageMatching(
            "(?s).*is full: task \\d+ attempt \\d+ needs more than the \\d+ B it wrote.*");
    assertThat(output).doesNotExist();
    assertThat(leftovers(dir)).isEmpty();

    run(
        ExecutionOptions.builder(),
        uri,
        FullDiskFileSystem.settings(64 << 20),
        false); // space "freed"
    ExactOutput got = ExactOutput.check(output, ROWS);
    assertThat(got.exact()).as(got.toString()).isTrue();
    assertThat(leftovers(dir)).isEmpty();
  }

  @Test
  void fullSpillDirectoryFailsClearlyPublishesNothingAndARerunWithRoomIsExact() throws Exception {
    Path output = dir.resolve("sorted");
    Path spill = Files.createDirectories(dir.resolve("spill"));
    ExecutionOptions.Builder small =
        ExecutionOptions.builder()
            .spillDir(spill)
            .memoryBudgetBytes(256 << 10)
            .targetBlockBytes(32 << 10);
    assertThatThrownBy(
            () -> run(small.spillQuotaBytes(48 << 10), output.toString(), Map.of(), true))
        .isInstanceOf(SluiceException.class)
        .hasMessageMatching(
            "(?s).*cannot spill \\d+ B to "
                + Pattern.quote(spill.toString())
                + ".*spillQuotaBytes.*");
    assertThat(output).doesNotExist();
    assertThat(leftovers(dir)).isEmpty();

    run(small.spillQuotaBytes(64 << 20), output.toString(), Map.of(), true);
    ExactOutput got = ExactOutput.check(output, ROWS);
    assertThat(got.exact()).as(got.toString()).isTrue();
    assertThat(leftovers(dir)).isEmpty();
  }
}
