package io.sluice.flink;

import io.sluice.api.JobStats;
import java.time.Duration;
import java.util.List;

/**
 * What the driver measured of a Flink job: wall time and output rows. Per-operator figures (busy
 * time, rows per operator from Flink's metrics) are not collected yet, so the table lists none.
 */
record FlinkJobStats(String jobId, Duration wallTime, long outputRows) implements JobStats {

  @Override
  public long peakMemoryBytes() {
    return 0;
  }

  @Override
  public List<OperatorStats> operators() {
    return List.of();
  }

  @Override
  public String toTable() {
    return String.format("Flink job %s: %d rows out in %.1f s (per-operator stats: see the Flink web UI)%n",
        jobId, outputRows, wallTime.toMillis() / 1000.0);
  }
}
