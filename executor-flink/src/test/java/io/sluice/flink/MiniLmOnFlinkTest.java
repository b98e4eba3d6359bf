package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Compute;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import io.sluice.inference.MiniLm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding job with the real all-MiniLM-L6-v2 (tokenize on CPU tasks, ONNX Runtime on
 * an actor) on the local backend and on an embedded Flink cluster: the same embeddings, bit for
 * bit, read back by DuckDB.
 */
class MiniLmOnFlinkTest {

  private static final int ROWS = 96;

  @TempDir Path dir;

  private static WriteResult embed(Sluice s, Path in, Path out) {
    return s.readParquet(in.toString())
        .select("id", "text")
        .mapBatches(MiniLm.tokenizer("text"), Compute.tasks())
        .mapBatches(
            MiniLm.embedder(MiniLm.FP32).modelBatchSize(32),
            Compute.actors(1).cpus(1).batchSize(48))
        .select("id", "text", MiniLm.EMBEDDING)
        .writeParquet(out.toString());
  }

  @Test
  void sameEmbeddingsAsTheLocalBackend() throws Exception {
    Path in = dir.resolve("in");
    Path localOut = dir.resolve("local");
    Path flinkOut = dir.resolve("flink");
    try (Sluice local = Sluice.local()) {
      List<Row> rows = new ArrayList<>();
      for (long i = 0; i < ROWS; i++) {
        rows.add(
            Row.of(
                "id",
                i,
                "text",
                "sentence number " + i + (i % 3 == 0 ? " about rivers and sluices" : " on GPUs")));
      }
      local.fromItems(rows).repartition(2).writeParquet(in.toString());
      embed(local, in, localOut);
    }
    try (FlinkCluster cluster = FlinkCluster.embedded(1, 2);
        Sluice flink = FlinkSluice.on(cluster)) {
      assertThat(embed(flink, in, flinkOut).rows()).isEqualTo(ROWS);
    }
    List<List<Object>> cmp =
        FlinkBackendTest.duck(
            "SELECT count(*), count(f.embedding),"
                + " CAST(sum(CASE WHEN l.embedding IS NOT DISTINCT FROM f.embedding THEN 1 ELSE 0 END) AS BIGINT), max(len(f.embedding))"
                + " FROM read_parquet('"
                + localOut
                + "/*.parquet') l JOIN read_parquet('"
                + flinkOut
                + "/*.parquet') f USING (id)");
    assertThat(cmp)
        .containsExactly(List.of((long) ROWS, (long) ROWS, (long) ROWS, (long) MiniLm.DIM));
  }
}
