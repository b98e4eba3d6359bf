package io.sluice.flink;

import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.Sluice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows to group: {@code id}, an int64 key {@code k} in [0, 40) (null every 17th row), a string key
 * {@code c} (null every 23rd row) and a float64 {@code v} (null every 13th row and for every row of
 * key {@link #ALL_NULL_K}), values multiples of 1/8 so sums are exact in any order.
 */
final class GroupedRows {

  static final long ALL_NULL_K = 7;
  private static final Schema SCHEMA =
      new Schema(
          List.of(
              Field.nullable("id", new ArrowType.Int(64, true)),
              Field.nullable("k", new ArrowType.Int(64, true)),
              Field.nullable("c", ArrowType.Utf8.INSTANCE),
              Field.nullable("v", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));

  private GroupedRows() {}

  static Dataset of(Sluice s, int rows) {
    return s.range(rows)
        .mapBatches(
            (b, a) -> {
              BigIntVector in = (BigIntVector) b.getVector("id");
              VectorSchemaRoot out = VectorSchemaRoot.create(SCHEMA, a);
              out.allocateNew();
              BigIntVector id = (BigIntVector) out.getVector("id");
              BigIntVector k = (BigIntVector) out.getVector("k");
              VarCharVector c = (VarCharVector) out.getVector("c");
              Float8Vector v = (Float8Vector) out.getVector("v");
              for (int i = 0; i < b.getRowCount(); i++) {
                long x = in.get(i);
                long key = (x * 2654435761L) % 40;
                id.setSafe(i, x);
                if (x % 17 == 0) {
                  k.setNull(i);
                } else {
                  k.setSafe(i, key);
                }
                if (x % 23 == 0) {
                  c.setNull(i);
                } else {
                  c.setSafe(i, ("c" + x % 3).getBytes(StandardCharsets.UTF_8));
                }
                if (x % 13 == 0 || (x % 17 != 0 && key == ALL_NULL_K)) {
                  v.setNull(i);
                } else {
                  v.setSafe(i, (x % 1000) / 8.0 - 40);
                }
              }
              out.setRowCount(b.getRowCount());
              return out;
            },
            Compute.tasks(),
            SCHEMA);
  }
}
