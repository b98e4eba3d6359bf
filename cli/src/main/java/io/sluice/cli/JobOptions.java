package io.sluice.cli;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/** Options every job command shares: where output goes, the memory budget, progress display. */
final class JobOptions {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  @Option(names = "--output", paramLabel = "DIR",
      description = "Output directory (default: a fresh sluice-out/<job>-<timestamp>).")
  String output;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where generated input data is kept (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("sluice-data");

  @Option(names = "--overwrite", description = "Replace --output if it already holds data (atomically, at commit).")
  boolean overwrite;

  @Option(names = "--memory-budget", paramLabel = "SIZE", converter = ByteSize.Converter.class,
      description = "Bytes of Arrow data the executor may hold at once, e.g. 512m or 2g"
          + " (default: the executor's, half the JVM's direct-memory limit).")
  Long memoryBudget;

  @Option(names = "--no-progress", description = "Do not draw progress bars (they are drawn only on a terminal).")
  boolean noProgress;

  ExecutionOptions executionOptions() {
    ExecutionOptions.Builder b = ExecutionOptions.builder().progress(!noProgress);
    if (memoryBudget != null) {
      b.memoryBudgetBytes(memoryBudget);
    }
    return b.build();
  }

  WriteOptions writeOptions() {
    return WriteOptions.defaults().withMode(overwrite ? WriteMode.OVERWRITE : WriteMode.ERROR_IF_EXISTS);
  }

  /** {@code --output}, or {@code sluice-out/<job>-<timestamp>} so that re-running never collides. */
  String outputDir(String job) {
    if (output != null) {
      return output;
    }
    return Path.of("sluice-out", job + "-" + LocalDateTime.now().format(STAMP)).toString();
  }
}
