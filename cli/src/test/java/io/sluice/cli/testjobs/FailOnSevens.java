package io.sluice.cli.testjobs;

import io.sluice.api.Row;
import io.sluice.api.udf.RowFilter;

/** Fails on every row whose id ends in 07 (1 in 100), as bad input rows would. */
public final class FailOnSevens implements RowFilter {

  private static final long serialVersionUID = 1L;

  @Override
  public boolean test(Row row) {
    if (row.getLong("id") % 100 == 7) {
      throw new IllegalStateException("cannot score row " + row.getLong("id"));
    }
    return true;
  }
}
