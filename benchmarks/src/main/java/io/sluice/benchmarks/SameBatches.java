package io.sluice.benchmarks;

import io.sluice.inference.ModelSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The bare ORT loop over exactly the model batches the pipeline runs: the rows cut into windows of
 * {@code window} rows (the actor batches), nulls dropped, each window stable-sorted by token length
 * and cut into {@code batchSize}-row model batches, as {@code MiniLm.embedder}'s length-aware
 * batching does. One {@link BareOrtLoop} run per window (session set-up and one warm-up batch
 * untimed); rows and timed seconds are summed.
 */
final class SameBatches {

  private SameBatches() {}

  static BareOrtLoop.Result run(
      ModelSource model, List<long[]> rowsWithNulls, int window, int batchSize, int threads)
      throws Exception {
    long rows = 0;
    double seconds = 0;
    for (List<long[]> w : windows(rowsWithNulls, window)) {
      BareOrtLoop.Result r = BareOrtLoop.run(model, w, threads, batchSize, 1);
      rows += r.rows();
      seconds += r.seconds();
    }
    return new BareOrtLoop.Result(rows, seconds);
  }

  /** Each window's non-null rows, sorted by length (stable, like the pipeline's sort). */
  static List<List<long[]>> windows(List<long[]> rowsWithNulls, int window) {
    List<List<long[]>> out = new ArrayList<>();
    for (int from = 0; from < rowsWithNulls.size(); from += window) {
      List<long[]> w =
          new ArrayList<>(
              rowsWithNulls.subList(from, Math.min(rowsWithNulls.size(), from + window)));
      w.removeIf(Objects::isNull);
      w.sort(Comparator.comparingInt(r -> r.length));
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }
}
