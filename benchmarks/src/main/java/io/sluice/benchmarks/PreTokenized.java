package io.sluice.benchmarks;

import io.sluice.api.CloseableIterator;
import io.sluice.api.Compute;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.inference.MiniLm;
import io.sluice.operators.text.Tokenize;
import java.util.ArrayList;
import java.util.List;

/**
 * The corpus's token ids, in corpus order, produced by the pipeline's own tokenizer op (same
 * tokenizer.json, same truncation), so the bare loop sees exactly the tensors the pipeline builds.
 * Null texts stay as null entries, so windows of the list line up with the pipeline's actor
 * windows.
 */
final class PreTokenized {

  private PreTokenized() {}

  static List<long[]> of(Sluice sluice, String corpus) {
    List<long[]> rows = new ArrayList<>();
    try (CloseableIterator<Row> it =
        sluice
            .readParquet(corpus)
            .select("id", "text")
            .mapBatches(MiniLm.tokenizer("text"), Compute.tasks())
            .select(Tokenize.INPUT_IDS)
            .iterator()) {
      while (it.hasNext()) {
        Object ids = it.next().get(Tokenize.INPUT_IDS);
        rows.add(ids == null ? null : toLongs((List<?>) ids));
      }
    }
    return rows;
  }

  private static long[] toLongs(List<?> values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).longValue();
    }
    return out;
  }
}
