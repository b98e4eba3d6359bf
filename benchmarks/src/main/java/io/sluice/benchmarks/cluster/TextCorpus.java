package io.sluice.benchmarks.cluster;

import io.sluice.api.Row;
import io.sluice.api.Sluice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The cluster benchmarks' input: {@code id} and a short {@code text}, as Parquet files. */
final class TextCorpus {

  private TextCorpus() {}

  /** Writes {@code rows} rows as {@code files} Parquet files under {@code dir} (local backend). */
  static void write(Path dir, int rows, int files) {
    try (Sluice local = Sluice.local()) {
      List<Row> items = new ArrayList<>(rows);
      for (long i = 0; i < rows; i++) {
        items.add(
            Row.of(
                "id",
                i,
                "text",
                "document " + i + " about the quick brown fox number " + (i % 97)));
      }
      local.fromItems(items).repartition(files).writeParquet(dir.toString());
    }
  }
}
