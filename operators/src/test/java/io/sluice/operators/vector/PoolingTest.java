package io.sluice.operators.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.api.PlanException;
import io.sluice.api.arrow.Batches;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

/** Pooling math against hand-computed values, and the Arrow operators built on it. */
class PoolingTest {

  private static final UdfContext CTX = UdfContext.cpu("pool", 0, 1);

  @Test
  void meanPoolIgnoresMaskedTokensAndNormalizeGivesUnitLength() {
    // 2 rows x 3 tokens x 2 dims; row 0 masks its last token, row 1 is all padding.
    FloatBuffer hidden = FloatBuffer.wrap(new float[] {1, 2, 3, 4, 100, 100, 5, 5, 6, 6, 7, 7});
    LongBuffer mask = LongBuffer.wrap(new long[] {1, 1, 0, 0, 0, 0});
    float[] out = new float[4];
    PoolingMath.meanPool(hidden, mask, 2, 3, 2, out);
    assertThat(out).containsExactly(2f, 3f, 0f, 0f);
    PoolingMath.l2NormalizeRows(out, 2, 2);
    assertThat(out[0]).isCloseTo((float) (2 / Math.sqrt(13)), within(1e-7f));
    assertThat(out[1]).isCloseTo((float) (3 / Math.sqrt(13)), within(1e-7f));
    assertThat(out[2]).isZero();
    assertThat(PoolingMath.cosine(new float[] {1, 0}, new float[] {0, 2})).isZero();
  }

  @Test
  void meanPoolOperatorOverPerTokenVectors() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot in = tokens(allocator);
        BatchUdf udf = MeanPool.of("tokens").create(CTX);
        VectorSchemaRoot out = udf.apply(in, allocator)) {
      FixedSizeListVector emb = (FixedSizeListVector) out.getVector("embedding");
      float s = (float) Math.sqrt(2 * 2 + 3 * 3);
      assertThat(VectorColumns.vectorAt(emb, 0))
          .containsExactly(new float[] {2 / s, 3 / s}, within(1e-6f));
      assertThat(emb.isNull(1)).isTrue();
      assertThat(VectorColumns.vectorAt(emb, 2))
          .containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
      assertThat(
              Batches.sameFields(
                  MeanPool.of("tokens").outputSchema(in.getSchema()).orElseThrow(),
                  out.getSchema()))
          .isTrue();

      try (BatchUdf norm = L2Normalize.column("embedding").create(CTX);
          BatchUdf raw = MeanPool.of("tokens").normalize(false).into("mean").create(CTX);
          VectorSchemaRoot means = raw.apply(in, allocator);
          VectorSchemaRoot renorm = norm.apply(out, allocator)) {
        assertThat(VectorColumns.vectorAt((FixedSizeListVector) means.getVector("mean"), 0))
            .containsExactly(2f, 3f);
        assertThat(VectorColumns.vectorAt((FixedSizeListVector) renorm.getVector("embedding"), 2))
            .containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
      }
    }
  }

  @Test
  void wrongColumnsArePlanErrors() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot in = tokens(allocator)) {
      assertThatThrownBy(() -> MeanPool.of("nope").outputSchema(in.getSchema()))
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("'nope'")
          .hasMessageContaining("tokens");
      assertThatThrownBy(() -> MeanPool.of("attention_mask").outputSchema(in.getSchema()))
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("per-token vectors");
      assertThatThrownBy(() -> L2Normalize.column("tokens").outputSchema(in.getSchema()))
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("fixed_size_list<float32>");
    }
  }

  /** Rows: [[1,2],[3,4],[100,100] masked], null, [[3,4]]. */
  private static VectorSchemaRoot tokens(BufferAllocator allocator) {
    ListVector tokens =
        (ListVector) VectorColumns.tokenVectorsField("tokens", 2).createVector(allocator);
    float[][][] rows = {{{1, 2}, {3, 4}, {100, 100}}, null, {{3, 4}}};
    long[][] masks = {{1, 1, 0}, null, {1}};
    tokens.allocateNew();
    FixedSizeListVector vecs = (FixedSizeListVector) tokens.getDataVector();
    Float4Vector values = (Float4Vector) vecs.getDataVector();
    int at = 0;
    for (int r = 0; r < rows.length; r++) {
      if (rows[r] == null) {
        tokens.setNull(r);
        continue;
      }
      tokens.startNewValue(r);
      for (float[] v : rows[r]) {
        vecs.startNewValue(at);
        values.setSafe(at * 2, v[0]);
        values.setSafe(at * 2 + 1, v[1]);
        at++;
      }
      tokens.endValue(r, rows[r].length);
    }
    values.setValueCount(at * 2);
    vecs.setValueCount(at);
    tokens.setValueCount(rows.length);

    Field maskItem = new Field("item", FieldType.notNullable(new ArrowType.Int(64, true)), null);
    ListVector mask =
        (ListVector)
            new Field(
                    "attention_mask",
                    FieldType.nullable(ArrowType.List.INSTANCE),
                    List.of(maskItem))
                .createVector(allocator);
    mask.allocateNew();
    BigIntVector m = (BigIntVector) mask.getDataVector();
    int k = 0;
    for (int r = 0; r < masks.length; r++) {
      if (masks[r] == null) {
        mask.setNull(r);
        continue;
      }
      mask.startNewValue(r);
      for (long x : masks[r]) {
        m.setSafe(k++, x);
      }
      mask.endValue(r, masks[r].length);
    }
    m.setValueCount(k);
    mask.setValueCount(masks.length);
    return new VectorSchemaRoot(List.<FieldVector>of(tokens, mask));
  }
}
