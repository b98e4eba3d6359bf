package io.sluice.cli.testjobs;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/** Adds {@code batch_rows}: how many rows the call that saw the row was given. */
public final class RowCountColumn implements UdfFactory {

  private static final long serialVersionUID = 1L;

  private static final Field BATCH_ROWS =
      new Field("batch_rows", FieldType.notNullable(new ArrowType.Int(32, true)), null);

  public RowCountColumn(Map<String, String> options) {
    // no options
  }

  @Override
  public String name() {
    return "RowCountColumn";
  }

  /** Declared, so a job needs no preview run to learn the output schema. */
  @Override
  public Optional<Schema> outputSchema(Schema input) {
    List<Field> fields = new ArrayList<>(input.getFields());
    fields.add(BATCH_ROWS);
    return Optional.of(new Schema(fields));
  }

  @Override
  public BatchUdf create(UdfContext context) {
    return (VectorSchemaRoot in, BufferAllocator allocator) -> {
      int n = in.getRowCount();
      IntVector rows = new IntVector(BATCH_ROWS, allocator);
      rows.allocateNew(n);
      for (int i = 0; i < n; i++) {
        rows.set(i, n);
      }
      rows.setValueCount(n);
      List<FieldVector> vectors = new ArrayList<>();
      for (FieldVector v : in.getFieldVectors()) {
        TransferPair t = v.getTransferPair(allocator);
        t.transfer();
        vectors.add((FieldVector) t.getTo());
      }
      vectors.add(rows);
      return new VectorSchemaRoot(vectors);
    };
  }
}
