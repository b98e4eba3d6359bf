package io.sluice.benchmarks.peers;

import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.cli.DemoCorpus;
import java.nio.file.Path;

/**
 * The embedding corpus every contender reads: the demo's deterministic sentences
 * ({@link DemoCorpus}), rewritten into about {@value #FILES} files of several row groups each, so
 * that Spark, Flink and Sluice all have splits to parallelise over even at the quick size (the
 * demo's 1 MiB files would leave a small corpus in one file). Reused when already committed.
 */
final class PeerCorpus {

  static final int FILES = 8;
  /** Average bytes per row of the demo corpus in Parquet (measured: 174 KB / 2,000 rows), rounded up. */
  private static final long BYTES_PER_ROW = 90;

  private PeerCorpus() {}

  static Path ensure(Sluice sluice, Path dataDir, long rows, long seed) {
    Path dir = dataDir.resolve("peer-corpus-" + rows + "-seed" + seed);
    if (DemoCorpus.isCommitted(dir)) {
      return dir;
    }
    Path staging = DemoCorpus.defaultDir(dataDir, rows, seed);
    if (!DemoCorpus.isCommitted(staging)) {
      DemoCorpus.generate(sluice, staging, rows, seed);
    }
    long fileBytes = Math.max(2 << 10, rows * BYTES_PER_ROW / FILES);
    WriteOptions options = WriteOptions.defaults().withMode(WriteMode.OVERWRITE)
        .withTargetFileBytes(fileBytes)
        .withProperty("rowGroupBytes", Long.toString(Math.max(1 << 10, fileBytes / 4)));
    sluice.readParquet(staging.toString()).writeParquet(dir.toString(), options);
    return dir;
  }
}
