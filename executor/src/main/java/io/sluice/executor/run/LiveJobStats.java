package io.sluice.executor.run;

import io.sluice.api.JobStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A running job's figures at one moment, plus what each operator is doing then: the snapshot the
 * control loop publishes a few times a second for live views. Immutable; read from any thread.
 */
record LiveJobStats(
    String jobId, LocalJobStats figures, long memoryUsedBytes, List<OperatorState> operatorStates)
    implements JobStats {

  LiveJobStats {
    operatorStates = List.copyOf(operatorStates);
  }

  /** Takes the snapshot. Loop thread only. */
  static LiveJobStats of(Job job) {
    List<OperatorState> states = new ArrayList<>();
    var ops = job.graph().operators();
    for (int i = 0; i < ops.size(); i++) {
      var s = ops.get(i).stats();
      states.add(
          new OperatorState(
              ops.get(i).spec().name(),
              s.runningTasks(),
              s.queuedInputBytes(),
              job.memoryUsed(i),
              job.whyBlocked(i).name().toLowerCase(Locale.ROOT),
              s.expectedRows(),
              s.actors(),
              s.describeState()));
    }
    return new LiveJobStats(job.id(), job.stats(), job.memoryUsed(), states);
  }

  @Override
  public Duration wallTime() {
    return figures.wallTime();
  }

  @Override
  public long outputRows() {
    return figures.outputRows();
  }

  @Override
  public long peakMemoryBytes() {
    return figures.peakMemoryBytes();
  }

  @Override
  public List<OperatorStats> operators() {
    return figures.operators();
  }

  @Override
  public String toTable() {
    return figures.toTable();
  }

  @Override
  public long spilledBytes() {
    return figures.spilledBytes();
  }

  @Override
  public long spilledBytes(String operator) {
    return figures.spilledBytes(operator);
  }

  @Override
  public long spillFileBytes() {
    return figures.spillFileBytes();
  }

  @Override
  public Duration spillTime() {
    return figures.spillTime();
  }

  /**
   * What the UDFs counted so far (each actor's counters as of its last finished batch): live
   * histograms.
   */
  @Override
  public Map<String, Long> udfCounters(String operator) {
    return figures.udfCounters(operator);
  }
}
