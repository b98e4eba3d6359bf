package io.sluice.api.udf;

import io.sluice.api.Row;
import java.io.Serializable;

/** A stateless row-to-row function. Must not hold mutable state: it runs on several threads. */
@FunctionalInterface
public interface RowMapper extends Serializable {
  Row apply(Row row) throws Exception;
}
