package io.sluice.benchmarks.peers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads one Parquet file (its path is the record) and emits its rows in chunks of {@code batch}.
 */
final class FlinkParquetChunks implements FlatMapFunction<String, FlinkChunk> {

  private final int batch;

  FlinkParquetChunks(int batch) {
    this.batch = batch;
  }

  @Override
  public void flatMap(String file, Collector<FlinkChunk> out) throws Exception {
    List<Long> ids = new ArrayList<>(batch);
    List<String> texts = new ArrayList<>(batch);
    try (ParquetReader<Group> reader = GroupParquet.reader(Path.of(file))) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        ids.add(g.getLong("id", 0));
        texts.add(g.getFieldRepetitionCount("text") == 0 ? null : g.getString("text", 0));
        if (ids.size() == batch) {
          emit(ids, texts, out);
        }
      }
    }
    if (!ids.isEmpty()) {
      emit(ids, texts, out);
    }
  }

  private static void emit(List<Long> ids, List<String> texts, Collector<FlinkChunk> out) {
    out.collect(
        new FlinkChunk(
            ids.stream().mapToLong(Long::longValue).toArray(), texts.toArray(String[]::new)));
    ids.clear();
    texts.clear();
  }
}
