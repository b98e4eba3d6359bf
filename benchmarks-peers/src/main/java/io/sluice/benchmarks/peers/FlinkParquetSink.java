package io.sluice.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * A Sink V2 writing {@code (id, embedding)} with parquet-mr, one file per subtask, closed at end of
 * input. (Flink's FileSink would only commit bulk-format files on checkpoints, which a bounded
 * STREAMING job without checkpointing never takes.)
 */
final class FlinkParquetSink implements Sink<FlinkChunk> {

  private final String dir;

  FlinkParquetSink(String dir) {
    this.dir = dir;
  }

  @Override
  public SinkWriter<FlinkChunk> createWriter(WriterInitContext context) throws IOException {
    Files.createDirectories(Path.of(dir));
    int subtask = context.getTaskInfo().getIndexOfThisSubtask();
    ParquetWriter<Group> writer =
        GroupParquet.writer(Path.of(dir, String.format("part-%05d.parquet", subtask)));
    SimpleGroupFactory factory = new SimpleGroupFactory(GroupParquet.OUTPUT);
    return new SinkWriter<>() {
      @Override
      public void write(FlinkChunk chunk, Context ctx) throws IOException {
        for (int i = 0; i < chunk.ids.length; i++) {
          writer.write(GroupParquet.row(factory, chunk.ids[i], chunk.embeddings[i]));
        }
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() throws IOException {
        writer.close();
      }
    };
  }
}
