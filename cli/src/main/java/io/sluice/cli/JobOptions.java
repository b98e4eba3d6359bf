package io.sluice.cli;

import io.sluice.api.ErrorPolicy;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.s3.S3Options;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every job command shares: where output goes, the memory budget, progress display. */
final class JobOptions {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Output directory (default: a fresh sluice-out/<job>-<timestamp>).")
  String output;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where generated input data is kept (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("sluice-data");

  @Option(
      names = "--overwrite",
      description = "Replace --output if it already holds data (atomically, at commit).")
  boolean overwrite;

  @Option(
      names = "--memory-budget",
      paramLabel = "SIZE",
      converter = ByteSize.Converter.class,
      description =
          "Bytes of Arrow data the executor may hold at once, e.g. 512m or 2g"
              + " (default: the executor's, half the JVM's direct-memory limit).")
  Long memoryBudget;

  @Option(
      names = "--no-progress",
      description = "Do not draw progress bars (they are drawn only on a terminal).")
  boolean noProgress;

  @Option(
      names = {"-D", "--conf"},
      paramLabel = "KEY=VALUE",
      description =
          "A file-system setting (fs.* or hadoop.* keys) for reading and writing, e.g."
              + " -D fs.s3a.endpoint=http://127.0.0.1:9000 -D fs.s3a.path.style.access=true. S3 credentials come"
              + " from the environment (AWS_ACCESS_KEY_ID...) or these keys, and are never printed.")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(
      names = "--job-id",
      paramLabel = "ID",
      description =
          "Make the job resumable: each finished input split is checkpointed beside the output, and a"
              + " re-run with the same id after a crash or kill skips the finished splits.")
  String jobId;

  @Option(
      names = "--on-error",
      paramLabel = "fail|skip",
      description =
          "Rows that still fail after retries: fail the job (default) or skip them into a dead-letter"
              + " Parquet dataset beside the output.")
  ErrorPolicy.OnError onError = ErrorPolicy.OnError.FAIL;

  @Option(
      names = "--max-errored-rows",
      paramLabel = "N",
      description =
          "With --on-error skip: fail once more rows than this were skipped (default: ${DEFAULT-VALUE}).")
  long maxErroredRows = 1000;

  @Option(
      names = "--max-retries",
      paramLabel = "N",
      description = "Attempts after the first for a failed task (default: ${DEFAULT-VALUE}).")
  int maxRetries = 3;

  ExecutionOptions executionOptions() {
    ExecutionOptions.Builder b =
        ExecutionOptions.builder()
            .progress(!noProgress)
            .maxTaskRetries(maxRetries)
            .errorPolicy(
                onError == ErrorPolicy.OnError.SKIP
                    ? ErrorPolicy.skip(maxErroredRows, 0)
                    : ErrorPolicy.fail());
    if (memoryBudget != null) {
      b.memoryBudgetBytes(memoryBudget);
    }
    return b.build();
  }

  /** File-system settings: S3 settings from the environment, overridden by {@code -D}. */
  Map<String, String> fsOptions() {
    Map<String, String> all =
        new LinkedHashMap<>(S3Options.fromEnvironment(System.getenv()).toProperties());
    all.putAll(conf);
    return all;
  }

  WriteOptions writeOptions() {
    return new WriteOptions(
        overwrite ? WriteMode.OVERWRITE : WriteMode.ERROR_IF_EXISTS,
        WriteOptions.DEFAULT_TARGET_FILE_BYTES,
        fsOptions(),
        jobId);
  }

  /**
   * {@code --output}, or {@code sluice-out/<job>-<timestamp>} so that re-running never collides.
   */
  String outputDir(String job) {
    if (output != null) {
      return output;
    }
    return Path.of("sluice-out", job + "-" + LocalDateTime.now().format(STAMP)).toString();
  }
}
