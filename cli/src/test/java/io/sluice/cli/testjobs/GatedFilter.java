package io.sluice.cli.testjobs;

import io.sluice.api.Row;
import io.sluice.api.udf.RowFilter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps every row, but only once the gate file exists (named by system property {@code
 * sluice.test.gate} or environment variable {@code SLUICE_TEST_GATE}; at most 60 s), so a test
 * decides how long a job runs instead of racing it.
 */
public final class GatedFilter implements RowFilter {

  private static final long serialVersionUID = 1L;

  @Override
  public boolean test(Row row) throws InterruptedException {
    String gate = System.getProperty("sluice.test.gate", System.getenv("SLUICE_TEST_GATE"));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (gate != null && !Files.exists(Path.of(gate)) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return true;
  }
}
