package io.sluice.benchmarks.inference;

import io.sluice.api.Compute;
import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import io.sluice.inference.CpuLayout;
import io.sluice.inference.InferenceStats;
import io.sluice.inference.MiniLm;
import io.sluice.inference.OnnxModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The Sluice end-to-end embed job as the demo runs it: read Parquet, tokenize on the CPU pool, the
 * model on an actor pool whose batch is the window, pool + normalise (fused in the spec), write
 * Parquet. Timed from job start to committed output.
 *
 * @param spec the model spec (batching and overlap settings included)
 * @param layout actors x intra-op threads
 * @param window actor batch size (rows per window)
 */
record EmbedJob(OnnxModelSpec spec, CpuLayout layout, int window) {

  /** One timed run: rows/s and what the model loop saw. */
  record Run(double rowsPerSecond, InferenceStats.Snapshot stats, JobStats job) {}

  Run run(Sluice sluice, String input, Path outDir) {
    deleteRecursively(outDir);
    long start = System.nanoTime();
    WriteResult written =
        sluice
            .readParquet(input)
            .select("id", "text")
            .mapBatches(MiniLm.tokenizer("text"), Compute.tasks())
            .mapBatches(layout.apply(spec), layout.compute(window))
            .select("id", "text", MiniLm.EMBEDDING)
            .writeParquet(outDir.toString());
    long rows = written.rows();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Run(rows / seconds, InferenceStats.Snapshot.of(written.stats()), written.stats());
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
