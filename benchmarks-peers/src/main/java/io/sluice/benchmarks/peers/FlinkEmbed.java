package io.sluice.benchmarks.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Contender "Flink MiniCluster": the DataStream API in STREAMING mode over a bounded input, on a
 * local MiniCluster of parallelism 2. A bounded source of the corpus files, a reader that streams
 * each file's rows as chunks of {@code --batch} rows ({@link FlinkParquetChunks}), a map that
 * embeds a chunk with the ORT session opened in {@code open()} ({@link FlinkEmbedChunks}, {@code
 * --threads / 2} intra-op threads per subtask), and a Parquet sink writing one file per subtask
 * ({@link FlinkParquetSink}). The environment set-up is outside the timed job.
 */
public final class FlinkEmbed {

  private FlinkEmbed() {}

  public static void main(String[] argv) throws Exception {
    PeerArgs args = new PeerArgs(argv);
    GroupParquet.deleteRecursively(Path.of(args.output()));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    long start = System.nanoTime();
    env.fromData(GroupParquet.files(args.input()).stream().map(Path::toString).toList())
        .rebalance()
        .flatMap(new FlinkParquetChunks(args.batch()))
        .name("read parquet")
        .map(new FlinkEmbedChunks(args.model(), Math.max(1, args.threads() / 2), args.batch()))
        .name("embed")
        .sinkTo(new FlinkParquetSink(args.output()))
        .name("write parquet");
    env.execute("sluice-peer-flink");
    long rows = 0;
    for (Path f : GroupParquet.files(args.output())) {
      try (var reader =
          ParquetFileReader.open(
              HadoopInputFile.fromPath(
                  new org.apache.hadoop.fs.Path(f.toUri()),
                  new org.apache.hadoop.conf.Configuration()))) {
        rows += reader.getRecordCount();
      }
    }
    Files.createFile(Path.of(args.output()).resolve("_SUCCESS"));
    ChildReport.print((System.nanoTime() - start) / 1e9, rows, Double.NaN);
  }
}
