package io.sluice.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.arrow.Batches;
import io.sluice.api.udf.BatchUdf;
import io.sluice.operators.vector.PoolingMath;
import io.sluice.operators.vector.VectorColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Length-aware batching inside the model UDF changes which rows share a model batch and how far
 * each batch is padded, but not the results: with fp32 every row's output is a function of its own
 * tokens only (padding is masked), so outputs must be bit-identical to arrival-order batching and
 * come back in the window's order, nulls in place.
 */
class LengthAwareBatchingTest {

  /**
   * 100 rows, about one in eleven null, 5 to 60 words: windows of 100 and 37 are not multiples of
   * 16.
   */
  private static final List<String> TEXTS = Texts.varied(100, 42, 11);

  private static List<float[]> arrivalOrder;

  @BeforeAll
  static void reference() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      arrivalOrder =
          run(allocator, fp32().batching(Batching.arrivalOrder(16).withOverlap(false)), 100);
    }
  }

  private static OnnxModelSpec fp32() {
    return MiniLm.embedder(MiniLm.FP32).intraOpThreads(2);
  }

  @Test
  void lengthAwareIsBitIdenticalToArrivalOrderWithRowsInPlace() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      List<float[]> sorted = run(allocator, fp32().batching(Batching.lengthAware(16)), 100);
      assertSameBits(sorted, arrivalOrder);
      List<float[]> smallerWindows = run(allocator, fp32().batching(Batching.lengthAware(16)), 37);
      assertSameBits(smallerWindows, arrivalOrder);
    }
  }

  @Test
  void rowsKeepTheirOwnEmbeddingNotANeighbours() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int row : new int[] {0, 7, 63, 99}) {
        float[] alone = Pipelines.embed(allocator, fp32(), List.of(TEXTS.get(row)), 1).get(0);
        assertThat(PoolingMath.cosine(alone, arrivalOrder.get(row)))
            .as("row %d", row)
            .isGreaterThan(0.99999);
      }
      for (int row = 0; row < TEXTS.size(); row++) {
        assertThat(arrivalOrder.get(row) == null)
            .as("row %d null", row)
            .isEqualTo(TEXTS.get(row) == null);
      }
    }
  }

  @Test
  void tokenBoundedBatchesAndNoOverlapGiveTheSameBits() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      OnnxModelSpec bounded = fp32().batching(Batching.lengthAware(64).withMaxTokensPerBatch(600));
      assertSameBits(run(allocator, bounded, 100), arrivalOrder);
      OnnxModelSpec inline = fp32().batching(Batching.lengthAware(16).withOverlap(false));
      assertSameBits(run(allocator, inline, 100), arrivalOrder);
      assertSameBits(run(allocator, fp32().batching(Batching.wholeWindow()), 100), arrivalOrder);
    }
  }

  @Test
  void lengthAwareRemovesPaddingAndOverlapKeepsTheSessionFed() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      OnnxModelSpec int8 =
          MiniLm.embedder(MiniLm.INT8).intraOpThreads(2); // padding does not depend on the model
      InferenceStats.Snapshot off = stats(allocator, int8.batching(Batching.arrivalOrder(16)));
      InferenceStats.Snapshot on = stats(allocator, int8.batching(Batching.lengthAware(16)));
      assertThat(on.rows())
          .isEqualTo(off.rows())
          .isEqualTo(TEXTS.stream().filter(t -> t != null).count());
      System.out.printf("100 rows, model batch 16: arrival order %s; length-aware %s%n", off, on);
      assertThat(on.paddingEfficiency())
          .isGreaterThan(0.8)
          .isGreaterThan(off.paddingEfficiency() + 0.15);
      assertThat(on.batches()).isEqualTo(off.batches()).isEqualTo((on.rows() + 15) / 16);
    }
  }

  @Test
  void emptyAndAllNullWindowsGiveTypedColumnsWithoutRunningTheModel() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      List<VectorSchemaRoot> windows =
          Pipelines.tokenize(allocator, Arrays.asList(null, null, "Hi"), 2);
      try (BatchUdf udf = MiniLm.embedder(MiniLm.INT8).create(Pipelines.CPU2)) {
        VectorSchemaRoot allNull = windows.get(0);
        try (VectorSchemaRoot empty = Batches.slice(allNull, 0, 0, allocator);
            VectorSchemaRoot none = udf.apply(empty, allocator);
            VectorSchemaRoot nulls = udf.apply(allNull, allocator)) {
          assertThat(none.getRowCount()).isZero();
          assertThat(none.getVector(MiniLm.EMBEDDING)).isInstanceOf(FixedSizeListVector.class);
          assertThat(nulls.getRowCount()).isEqualTo(2);
          assertThat(nulls.getVector(MiniLm.EMBEDDING).getNullCount()).isEqualTo(2);
          assertThat(((OnnxUdf) udf).stats().snapshot().batches()).isZero();
        }
      } finally {
        windows.forEach(VectorSchemaRoot::close);
      }
    }
  }

  @Test
  void aFailureOnTheHelperThreadFailsTheWindowAndTheInstanceStaysUsable() throws Exception {
    OnnxModelSpec spec =
        MiniLm.embedder(MiniLm.INT8).sequenceLength(SequenceLength.fixed(12)).modelBatchSize(2);
    List<String> bad =
        List.of(
            "Hi",
            "Hello there",
            "Good morning",
            "Nice day",
            "This sentence is far too long for a fixed length of twelve tokens, so preparing it fails.");
    try (BufferAllocator allocator = new RootAllocator()) {
      List<VectorSchemaRoot> windows = new ArrayList<>(Pipelines.tokenize(allocator, bad, 5));
      windows.addAll(Pipelines.tokenize(allocator, bad.subList(0, 4), 4));
      try (BatchUdf udf = spec.create(Pipelines.CPU2)) {
        Assertions.assertThatThrownBy(() -> udf.apply(windows.get(0), allocator))
            .hasMessageContaining("sequence length 12");
        try (VectorSchemaRoot ok = udf.apply(windows.get(1), allocator)) {
          assertThat(ok.getVector(MiniLm.EMBEDDING).getNullCount()).isZero();
        }
      } finally {
        windows.forEach(VectorSchemaRoot::close);
      }
    }
  }

  static InferenceStats.Snapshot stats(BufferAllocator allocator, OnnxModelSpec spec)
      throws Exception {
    List<VectorSchemaRoot> windows = Pipelines.tokenize(allocator, TEXTS, 100);
    try (BatchUdf udf = spec.create(Pipelines.CPU2);
        VectorSchemaRoot w = windows.get(0)) {
      udf.apply(w, allocator).close();
      InferenceStats.Snapshot snapshot = ((OnnxUdf) udf).stats().snapshot();
      // What the job sums into JobStats.udfCounters reads back as the same snapshot.
      assertThat(InferenceStats.Snapshot.of(udf.counters())).isEqualTo(snapshot);
      assertThat(udf.counters())
          .containsKeys("model.batches", "model.paddedTokens", "model.runNanos");
      return snapshot;
    }
  }

  /** Embeddings of {@link #TEXTS} through {@code spec}, fed in windows of {@code window} rows. */
  static List<float[]> run(BufferAllocator allocator, OnnxModelSpec spec, int window)
      throws Exception {
    List<float[]> out = new ArrayList<>();
    List<VectorSchemaRoot> windows = Pipelines.tokenize(allocator, TEXTS, window);
    try (BatchUdf udf = spec.create(Pipelines.CPU2)) {
      long id = 0;
      for (VectorSchemaRoot w : windows) {
        try (VectorSchemaRoot result = udf.apply(w, allocator)) {
          BigIntVector ids = (BigIntVector) result.getVector("id");
          FixedSizeListVector emb = (FixedSizeListVector) result.getVector(MiniLm.EMBEDDING);
          for (int r = 0; r < result.getRowCount(); r++) {
            assertThat(ids.get(r)).isEqualTo(id++);
            out.add(VectorColumns.vectorAt(emb, r));
          }
        }
      }
    } finally {
      windows.forEach(VectorSchemaRoot::close);
    }
    return out;
  }

  static void assertSameBits(List<float[]> actual, List<float[]> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int r = 0; r < expected.size(); r++) {
      if (expected.get(r) == null) {
        assertThat(actual.get(r)).as("row %d", r).isNull();
        continue;
      }
      assertThat(bits(actual.get(r)))
          .as("row %d: %s", r, TEXTS.get(r))
          .containsExactly(bits(expected.get(r)));
    }
  }

  private static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToRawIntBits(v[i]);
    }
    return b;
  }
}
