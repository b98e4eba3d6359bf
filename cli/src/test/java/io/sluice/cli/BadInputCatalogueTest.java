package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input catalogue through the launcher: each case gets an error naming the thing at fault,
 * a nonzero exit code, and nothing published as complete; an empty directory and zero-row files are
 * not errors. (Tensor dtype/rank mismatches and a full spill disk are covered where they can be
 * provoked: gpu-inference's BadInputTest and the executor's AllToAllTest.)
 */
class BadInputCatalogueTest {

  @TempDir Path tmp;

  static Sluice sluice() {
    return Sluice.local(ExecutionOptions.builder().progress(false).build());
  }

  /** A small valid corpus of (id, text) in one directory. */
  Path corpus(String name, int rows) {
    Path dir = tmp.resolve(name);
    try (Sluice s = sluice()) {
      DemoCorpus.generate(s, dir, rows, 7);
    }
    return dir;
  }

  CliRun demo(Path input, Path output, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "demo",
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--model",
                "int8",
                "--no-progress",
                "--max-retries",
                "0"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(new String[0]));
  }

  static void assertNothingPublished(Path output) throws IOException {
    assertThat(output.resolve("_SUCCESS")).doesNotExist();
    if (Files.exists(output)) {
      try (Stream<Path> s = Files.walk(output)) {
        assertThat(s.filter(Files::isRegularFile).toList()).isEmpty();
      }
    }
  }

  static Path firstParquet(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
  }

  @Test
  void truncatedFooterNamesTheFile() throws IOException {
    Path in = corpus("truncated", 50);
    Path file = firstParquet(in);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() - 20); // cuts the footer length and the PAR1 magic
    }
    Path out = tmp.resolve("out-truncated");
    CliRun run = demo(in, out);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(file.getFileName().toString());
    assertNothingPublished(out);
  }

  @Test
  void fileWithConflictingSchemaIsNamed() throws IOException {
    Path in = corpus("conflict", 50);
    try (Sluice s = sluice()) {
      s.range(5)
          .map(r -> Row.of("id", "not a number", "text", 3L))
          .writeParquet(tmp.resolve("other").toString());
    }
    Path odd = firstParquet(tmp.resolve("other"));
    Files.move(odd, in.resolve("zz-" + odd.getFileName()));
    Path out = tmp.resolve("out-conflict");
    CliRun run = demo(in, out);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("zz-").contains("incompatible");
    assertNothingPublished(out);
  }

  @Test
  void missingColumnIsNamed() throws IOException {
    Path in = tmp.resolve("no-id");
    try (Sluice s = sluice()) {
      s.range(5).map(r -> Row.of("text", "hello " + r.getLong("id"))).writeParquet(in.toString());
    }
    Path out = tmp.resolve("out-no-id");
    CliRun run = demo(in, out);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("id").contains("text").contains(in.toString());
    assertNothingPublished(out);
  }

  @Test
  void emptyDirectoryCompletesWithZeroRows() throws IOException {
    Path in = tmp.resolve("empty");
    Files.createDirectories(in);
    Path out = tmp.resolve("out-empty");
    CliRun run = demo(in, out);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(out.resolve("_SUCCESS")).exists();
    try (Sluice s = sluice()) {
      assertThat(s.readParquet(out.toString()).count()).isZero();
    }
  }

  @Test
  void zeroRowFilesCompleteWithZeroRows() throws IOException {
    Path in = tmp.resolve("zero-rows");
    try (Sluice s = sluice()) {
      s.readParquet(corpus("full", 20).toString()).filter(r -> false).writeParquet(in.toString());
    }
    Path out = tmp.resolve("out-zero");
    CliRun run = demo(in, out);
    assertThat(run.exitCode()).as(run.err()).isZero();
    try (Sluice s = sluice()) {
      assertThat(s.readParquet(out.toString()).count()).isZero();
      assertThat(s.readParquet(out.toString()).schema().findField("embedding")).isNotNull();
    }
  }

  @Test
  void unreadableModelIsNamed() throws IOException {
    Path in = corpus("for-model", 20);
    Path model = tmp.resolve("broken.onnx");
    Files.writeString(model, "this is not an ONNX protobuf");
    Path out = tmp.resolve("out-model");
    CliRun run = demo(in, out, "--model-file", model.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("broken.onnx");
    assertNothingPublished(out);
  }

  @Test
  void unwritableOutputIsNamed() throws IOException {
    Path in = corpus("for-output", 20);
    Path file = tmp.resolve("a-file");
    Files.writeString(file, "not a directory");
    Path out = file.resolve("out");
    CliRun run = demo(in, out);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(file.toString());
    assertThat(Files.readString(file)).isEqualTo("not a directory");
  }

  @Test
  void existingDestinationIsRefusedAndKept() throws IOException {
    Path in = corpus("for-existing", 20);
    Path out = tmp.resolve("out-existing");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "earlier output");
    CliRun run = demo(in, out);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(out.toString()).contains("already exists");
    assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("earlier output");
  }
}
