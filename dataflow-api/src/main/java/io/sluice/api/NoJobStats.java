package io.sluice.api;

import java.time.Duration;
import java.util.List;

/** The figures of a job that did not run (yet): a sink's result before its backend adds them. */
enum NoJobStats implements JobStats {
  INSTANCE;

  @Override
  public Duration wallTime() {
    return Duration.ZERO;
  }

  @Override
  public long outputRows() {
    return 0;
  }

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
    return "(no job statistics)\n";
  }
}
