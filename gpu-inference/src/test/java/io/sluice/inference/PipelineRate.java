package io.sluice.inference;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.operators.text.Tokenize;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Times the model UDF (Arrow token lists in, pooled Arrow vectors out) over pre-tokenized rows. */
final class PipelineRate {

  private PipelineRate() {}

  static double rowsPerSecond(
      OnnxModelSpec spec, List<long[]> rows, int batchSize, int warmupBatches) throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      List<VectorSchemaRoot> batches = new ArrayList<>();
      try (BatchUdf udf = spec.create(UdfContext.cpu("bench", 0, 2))) {
        for (int from = 0; from < rows.size(); from += batchSize) {
          batches.add(
              batch(allocator, rows.subList(from, Math.min(rows.size(), from + batchSize))));
        }
        for (int i = 0; i < Math.min(warmupBatches, batches.size()); i++) {
          udf.apply(batches.get(i), allocator).close();
        }
        long start = System.nanoTime();
        for (VectorSchemaRoot b : batches) {
          udf.apply(b, allocator).close();
        }
        return rows.size() / ((System.nanoTime() - start) / 1e9);
      } finally {
        batches.forEach(VectorSchemaRoot::close);
      }
    }
  }

  private static VectorSchemaRoot batch(BufferAllocator allocator, List<long[]> rows) {
    List<FieldVector> cols = new ArrayList<>();
    for (String name :
        List.of(Tokenize.INPUT_IDS, Tokenize.ATTENTION_MASK, Tokenize.TOKEN_TYPE_IDS)) {
      ListVector v =
          (ListVector)
              new Field(
                      name,
                      FieldType.nullable(ArrowType.List.INSTANCE),
                      List.of(Field.notNullable("$data$", new ArrowType.Int(64, true))))
                  .createVector(allocator);
      v.allocateNew();
      BigIntVector data = (BigIntVector) v.getDataVector();
      int at = 0;
      for (int r = 0; r < rows.size(); r++) {
        long[] ids = rows.get(r);
        v.startNewValue(r);
        for (long id : ids) {
          long value =
              name.equals(Tokenize.INPUT_IDS) ? id : name.equals(Tokenize.ATTENTION_MASK) ? 1 : 0;
          data.setSafe(at++, value);
        }
        v.endValue(r, ids.length);
      }
      data.setValueCount(at);
      v.setValueCount(rows.size());
      cols.add(v);
    }
    return new VectorSchemaRoot(cols);
  }
}
