package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A budget the JVM or the machine cannot hold is refused up front, with the numbers. */
class MemoryFitTest {

  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  @Test
  void aBudgetOverTheDirectMemoryLimitIsRefusedWithBothNumbers() {
    assertThatThrownBy(() -> MemoryFit.check(8 * GIB, GIB, 4 * GIB, 64 * GIB))
        .hasMessageContaining("8.00 GiB")
        .hasMessageContaining("direct-memory limit 4.00 GiB")
        .hasMessageContaining("-XX:MaxDirectMemorySize");
  }

  @Test
  void aBudgetPlusHeapOverTheMachineIsRefusedWithTheSum() {
    assertThatThrownBy(() -> MemoryFit.check(20 * GIB, 4 * GIB, 40 * GIB, 16 * GIB))
        .hasMessageContaining("cannot fit")
        .hasMessageContaining("memory budget 20.00 GiB + heap 4.00 GiB")
        .hasMessageContaining("= 24.25 GiB > this machine's 16.00 GiB");
  }

  @Test
  void whatTheLauncherSizesFits() {
    // ./sluice --memory-budget 512m: -Xmx256m -XX:MaxDirectMemorySize=1024m on a 2 GiB box
    assertThatCode(() -> MemoryFit.check(512 * MIB, 256 * MIB, 1024 * MIB, 2 * GIB))
        .doesNotThrowAnyException();
    assertThatCode(() -> MemoryFit.check(512 * MIB, 256 * MIB, -1, -1)).doesNotThrowAnyException();
  }

  @Test
  void engineDemoWithAnImpossibleBudgetFailsBeforeGeneratingAnything(@TempDir Path tmp) {
    Path data = tmp.resolve("data");
    CliRun run =
        CliRun.of(
            "engine-demo",
            "--rows",
            "10",
            "--memory-budget",
            "100t",
            "--no-progress",
            "--data-dir",
            data.toString(),
            "--output",
            tmp.resolve("out").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("memory budget 102400.00 GiB").contains("direct-memory limit");
    assertThat(data).doesNotExist();
    assertThat(tmp.resolve("out")).doesNotExist();
  }
}
