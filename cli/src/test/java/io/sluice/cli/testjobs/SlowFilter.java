package io.sluice.cli.testjobs;

import io.sluice.api.Row;
import io.sluice.api.udf.RowFilter;

/** Keeps every row, slowly (2 ms a row), so a job runs long enough to be overlapped or killed. */
public final class SlowFilter implements RowFilter {

  private static final long serialVersionUID = 1L;

  @Override
  public boolean test(Row row) throws InterruptedException {
    Thread.sleep(2);
    return true;
  }
}
