package io.sluice.api.udf;

import io.sluice.api.Row;
import java.io.Serializable;

/** A stateless row predicate: rows for which it returns true are kept. */
@FunctionalInterface
public interface RowFilter extends Serializable {
  boolean test(Row row) throws Exception;
}
