package io.sluice.benchmarks.peers;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Contender "Spark local[2]": Spark's own Parquet reader, a {@code mapPartitions} that opens one
 * ORT session per partition task ({@link EmbedCore}, {@code --threads / 2} intra-op threads each,
 * since two tasks run at once) and embeds the partition in streamed batches of {@code --batch}
 * rows, and Spark's Parquet writer. The session start-up (SparkContext) is outside the timed job.
 */
public final class SparkEmbed {

  private SparkEmbed() {}

  public static void main(String[] argv) throws Exception {
    PeerArgs args = new PeerArgs(argv);
    String model = args.model();
    int batch = args.batch();
    int threads = Math.max(1, args.threads() / 2);
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType, false)
            .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true);
    try (SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("sluice-peer-spark")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.parquet.compression.codec", "snappy")
            .getOrCreate()) {
      spark.sparkContext().setLogLevel("WARN");
      LongAccumulator rows = spark.sparkContext().longAccumulator("rows");
      long start = System.nanoTime();
      Dataset<Row> in = spark.read().parquet(args.input()).select("id", "text");
      MapPartitionsFunction<Row, Row> embed =
          it -> {
            EmbedCore core = new EmbedCore(model, threads, batch);
            TaskContext.get()
                .addTaskCompletionListener((TaskCompletionListener) ctx -> core.close());
            return new BatchingIterator<Row, Row>(
                it,
                batch,
                part -> {
                  List<String> texts = new ArrayList<>(part.size());
                  part.forEach(r -> texts.add(r.isNullAt(1) ? null : r.getString(1)));
                  float[][] emb = core.embed(texts);
                  List<Row> out = new ArrayList<>(part.size());
                  for (int i = 0; i < emb.length; i++) {
                    out.add(
                        RowFactory.create(
                            part.get(i).getLong(0), emb[i] == null ? null : boxed(emb[i])));
                  }
                  rows.add(part.size());
                  return out;
                });
          };
      in.mapPartitions(embed, Encoders.row(schema))
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(args.output());
      ChildReport.print((System.nanoTime() - start) / 1e9, rows.value(), Double.NaN);
    }
  }

  private static Float[] boxed(float[] v) {
    Float[] out = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
