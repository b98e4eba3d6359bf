package io.sluice.api.row;

import io.sluice.api.Row;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Arrow batches to {@link Row}s. PLACEHOLDER: being implemented (helper H3). */
public final class RowConverter {

  private RowConverter() {}

  /** Every row of the batch, as Java values (see {@link Row} for the types). */
  public static List<Row> toRows(VectorSchemaRoot batch) {
    throw new UnsupportedOperationException("RowConverter.toRows not implemented yet");
  }
}
