package io.sluice.cli.testjobs;

import io.sluice.api.Row;
import io.sluice.api.udf.RowFilter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every row; the first row it sees in this JVM logs one warning, which carries a seeded
 * secret after {@code password=}, so a test sees the job's log line in the dashboard's log tail and
 * that the secret in it is redacted.
 */
public final class WarnOnceFilter implements RowFilter {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(WarnOnceFilter.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  @Override
  public boolean test(Row row) {
    if (WARNED.compareAndSet(false, true)) {
      LOG.warn("a row from the test job: upstream password=SEEDED-SECRET-4713 in its config");
    }
    return true;
  }
}
