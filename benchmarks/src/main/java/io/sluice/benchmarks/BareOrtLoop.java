package io.sluice.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sluice.inference.ModelSource;
import io.sluice.inference.OrtEnv;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The ceiling the pipeline's inference stage is measured against: one ORT session running a
 * BERT-style model over pre-tokenized rows already packed into tensors, with nothing else in the
 * loop (no Arrow, no pooling, no scheduling). Same padding rule as the pipeline (each batch padded
 * to its longest row), so the ratio isolates engine overhead. Rows are batched in the order given:
 * pass {@link #sortedByLength} for the sorted ceiling.
 *
 * <pre>{@code
 * double rowsPerSecond = BareOrtLoop.rowsPerSecond(MiniLm.INT8, tokenIds, 2, 64, 1);
 * }</pre>
 */
public final class BareOrtLoop {

  private BareOrtLoop() {}

  /** What one measurement saw. */
  public record Result(long rows, double seconds) {
    public double rowsPerSecond() {
      return rows / seconds;
    }
  }

  /**
   * The rows stable-sorted by token count: fed to {@link #run}, this is the padding-free ceiling
   * that length-aware batching aims at (the input order of the rows is lost, which is fine for a
   * rate).
   */
  public static List<long[]> sortedByLength(List<long[]> tokenIds) {
    List<long[]> sorted = new ArrayList<>(tokenIds);
    sorted.sort(Comparator.comparingInt(r -> r.length));
    return sorted;
  }

  /** {@link #run} and return rows/s. */
  public static double rowsPerSecond(
      ModelSource model, List<long[]> tokenIds, int threads, int batchSize, int warmupBatches)
      throws OrtException {
    return run(model, tokenIds, threads, batchSize, warmupBatches).rowsPerSecond();
  }

  /**
   * Runs {@code model} over {@code tokenIds} (one array of input ids per row, special tokens
   * included) in batches of {@code batchSize}, with attention mask 1 on tokens and 0 on padding,
   * token types 0. The first {@code warmupBatches} batches are run but not timed. Builds a fresh
   * session (not from the cache) with {@code threads} intra-op threads and all optimisations.
   */
  public static Result run(
      ModelSource model, List<long[]> tokenIds, int threads, int batchSize, int warmupBatches)
      throws OrtException {
    OrtEnvironment env = OrtEnv.get();
    List<Map<String, OnnxTensor>> batches = pack(env, tokenIds, batchSize);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (OrtSession session =
          model.kind() == ModelSource.Kind.FILE
              ? env.createSession(model.location(), options)
              : env.createSession(model.bytes(), options)) {
        for (int i = 0; i < Math.min(warmupBatches, batches.size()); i++) {
          session.run(batches.get(i)).close();
        }
        long rows = 0;
        long start = System.nanoTime();
        for (int i = 0; i < batches.size(); i++) {
          try (OrtSession.Result r = session.run(batches.get(i))) {
            rows += batches.get(i).get("input_ids").getInfo().getShape()[0];
          }
        }
        return new Result(rows, (System.nanoTime() - start) / 1e9);
      }
    } finally {
      batches.forEach(b -> b.values().forEach(OnnxTensor::close));
    }
  }

  private static List<Map<String, OnnxTensor>> pack(
      OrtEnvironment env, List<long[]> rows, int batchSize) throws OrtException {
    List<Map<String, OnnxTensor>> out = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += batchSize) {
      int n = Math.min(batchSize, rows.size() - from);
      int len = 1;
      for (int i = 0; i < n; i++) {
        len = Math.max(len, rows.get(from + i).length);
      }
      LongBuffer ids = direct(n * len);
      LongBuffer mask = direct(n * len);
      LongBuffer types = direct(n * len);
      for (int i = 0; i < n; i++) {
        long[] row = rows.get(from + i);
        for (int t = 0; t < len; t++) {
          ids.put(i * len + t, t < row.length ? row[t] : 0);
          mask.put(i * len + t, t < row.length ? 1 : 0);
        }
      }
      long[] shape = {n, len};
      out.add(
          Map.of(
              "input_ids",
              OnnxTensor.createTensor(env, ids, shape),
              "attention_mask",
              OnnxTensor.createTensor(env, mask, shape),
              "token_type_ids",
              OnnxTensor.createTensor(env, types, shape)));
    }
    return out;
  }

  private static LongBuffer direct(int longs) {
    return ByteBuffer.allocateDirect(longs * Long.BYTES)
        .order(ByteOrder.nativeOrder())
        .asLongBuffer();
  }
}
