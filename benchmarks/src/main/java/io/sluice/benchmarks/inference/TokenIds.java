package io.sluice.benchmarks.inference;

import io.sluice.api.CloseableIterator;
import io.sluice.api.Compute;
import io.sluice.api.Sluice;
import io.sluice.inference.MiniLm;
import io.sluice.operators.text.Tokenize;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;

/** The corpus tokenized by the same op the pipeline uses, as one id array per row, in id order. */
final class TokenIds {

  private TokenIds() {}

  static List<long[]> read(Sluice sluice, String dir) {
    List<long[]> rows = new ArrayList<>();
    try (CloseableIterator<VectorSchemaRoot> it =
        sluice
            .readParquet(dir)
            .select("id", "text")
            .mapBatches(MiniLm.tokenizer("text"), Compute.tasks())
            .select(Tokenize.INPUT_IDS)
            .iterBatches(1024)) {
      while (it.hasNext()) {
        VectorSchemaRoot b = it.next();
        ListVector ids = (ListVector) b.getVector(Tokenize.INPUT_IDS);
        BigIntVector data = (BigIntVector) ids.getDataVector();
        for (int r = 0; r < b.getRowCount(); r++) {
          int start = ids.getElementStartIndex(r);
          long[] row = new long[ids.getElementEndIndex(r) - start];
          for (int t = 0; t < row.length; t++) {
            row[t] = data.get(start + t);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }
}
