package io.sluice.api.udf;

import io.sluice.api.Row;
import java.io.Serializable;

/** A stateless function from one row to zero or more rows. */
@FunctionalInterface
public interface RowFlatMapper extends Serializable {
  Iterable<Row> apply(Row row) throws Exception;
}
