package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Sluice;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages for bad command lines and bad input. */
class CliErrorsTest {

  @TempDir Path tmp;

  @Test
  void unknownFlagIsAUsageError() {
    CliRun run = CliRun.of("demo", "--no-such-flag");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option").contains("--no-such-flag");
  }

  @Test
  void badValuesAreUsageErrorsNamingTheOption() {
    CliRun size = CliRun.of("demo", "--memory-budget", "lots");
    assertThat(size.exitCode()).isEqualTo(2);
    assertThat(size.err()).contains("--memory-budget").contains("lots");

    CliRun model = CliRun.of("demo", "--model", "fp64");
    assertThat(model.exitCode()).isEqualTo(2);
    assertThat(model.err()).contains("--model").contains("fp32").contains("int8");

    CliRun actors = CliRun.of("demo", "--actors", "0");
    assertThat(actors.exitCode()).isEqualTo(2);
    assertThat(actors.err()).contains("--actors");
  }

  @Test
  void noSubcommandIsAUsageError() {
    assertThat(CliRun.of().exitCode()).isEqualTo(2);
  }

  @Test
  void helpListsTheDemos() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("demo", "engine-demo");
  }

  @Test
  void inputWithoutTextColumnFailsNamingTheOptionAndColumns() {
    Path ids = tmp.resolve("ids");
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      sluice.range(10).writeParquet(ids.toString());
    }
    Path out = tmp.resolve("out");
    CliRun run =
        CliRun.of("demo", "--input", ids.toString(), "--output", out.toString(), "--no-progress");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--input " + ids).contains("id and text");
    assertThat(out).doesNotExist();
  }

  @Test
  void missingInputFailsNamingThePathAndWritesNothing() {
    Path missing = tmp.resolve("no-such-corpus");
    Path out = tmp.resolve("out");
    CliRun run =
        CliRun.of(
            "demo", "--input", missing.toString(), "--output", out.toString(), "--no-progress");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains(missing.toString()).contains("--input").doesNotContain("\tat ");
    assertThat(run.err().strip().lines().count()).as(run.err()).isLessThanOrEqualTo(2);
    assertThat(out).doesNotExist();
  }
}
