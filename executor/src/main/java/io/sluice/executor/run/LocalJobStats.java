package io.sluice.executor.run;

import io.sluice.api.JobStats;
import io.sluice.executor.op.MetricsSnapshot;
import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.store.SpillStats;
import io.sluice.operators.fault.ErrorBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/** A snapshot of a job's figures and the stats table printed at its end. */
public record LocalJobStats(
    Duration wallTime,
    long outputRows,
    long peakMemoryBytes,
    List<OperatorStats> operators,
    long spilledBytes,
    long spillFileBytes,
    Duration spillTime,
    Map<String, Long> spilledByOperator,
    Map<String, Map<String, Long>> udfCountersByOperator,
    Map<String, JobStats.UdfHeap> udfHeapByOperator,
    long maxHeapBytes,
    long heapAfterGcBytes)
    implements JobStats {

  public LocalJobStats(
      Duration wallTime,
      long outputRows,
      long peakMemoryBytes,
      List<OperatorStats> operators,
      long spilledBytes,
      long spillFileBytes,
      Duration spillTime,
      Map<String, Long> spilledByOperator,
      Map<String, Map<String, Long>> udfCountersByOperator) {
    this(
        wallTime,
        outputRows,
        peakMemoryBytes,
        operators,
        spilledBytes,
        spillFileBytes,
        spillTime,
        spilledByOperator,
        udfCountersByOperator,
        Map.of(),
        -1,
        -1);
  }

  public LocalJobStats(
      Duration wallTime,
      long outputRows,
      long peakMemoryBytes,
      List<OperatorStats> operators,
      long spilledBytes,
      long spillFileBytes,
      Duration spillTime,
      Map<String, Long> spilledByOperator) {
    this(
        wallTime,
        outputRows,
        peakMemoryBytes,
        operators,
        spilledBytes,
        spillFileBytes,
        spillTime,
        spilledByOperator,
        Map.of());
  }

  public LocalJobStats(
      Duration wallTime, long outputRows, long peakMemoryBytes, List<OperatorStats> operators) {
    this(wallTime, outputRows, peakMemoryBytes, operators, 0, 0, Duration.ZERO, Map.of());
  }

  public LocalJobStats(
      Duration wallTime,
      long outputRows,
      long peakMemoryBytes,
      List<OperatorStats> operators,
      long spilledBytes,
      long spillFileBytes,
      Duration spillTime) {
    this(
        wallTime,
        outputRows,
        peakMemoryBytes,
        operators,
        spilledBytes,
        spillFileBytes,
        spillTime,
        Map.of());
  }

  @Override
  public Map<String, Long> udfCounters(String operator) {
    return udfCountersByOperator.getOrDefault(operator, Map.of());
  }

  @Override
  public Optional<JobStats.UdfHeap> udfHeap(String operator) {
    return Optional.ofNullable(udfHeapByOperator.get(operator));
  }

  @Override
  public long spilledBytes(String operator) {
    return spilledByOperator.getOrDefault(operator, 0L);
  }

  /**
   * These figures plus what {@code spill} wrote for {@code label}: a consumer of the job's output
   * that spilled blocks it keeps ({@code materialize()}).
   */
  public LocalJobStats plusSpill(String label, SpillStats spill) {
    if (spill.spilledBytes() == 0) {
      return this;
    }
    Map<String, Long> byOp = new HashMap<>(spilledByOperator);
    byOp.merge(label, spill.spilledBytes(), Long::sum);
    return new LocalJobStats(
        wallTime,
        outputRows,
        peakMemoryBytes,
        operators,
        spilledBytes + spill.spilledBytes(),
        spillFileBytes + spill.fileBytes(),
        spillTime.plusNanos(spill.nanos()),
        Map.copyOf(byOp),
        udfCountersByOperator,
        udfHeapByOperator,
        maxHeapBytes,
        heapAfterGcBytes);
  }

  static LocalJobStats of(
      JobGraph graph,
      List<BufferAllocator> opAllocators,
      BufferAllocator job,
      long startNanos,
      long nowNanos,
      ErrorBudget errors,
      SpillStats spill) {
    LocalJobStats s = of(graph, opAllocators, job, startNanos, nowNanos, errors);
    Map<String, Long> byOp = new LinkedHashMap<>();
    for (PhysicalOperator op : graph.operators()) {
      long spilled = op.stats().spilledBytes();
      if (spilled > 0) {
        byOp.put(op.spec().name(), spilled);
      }
    }
    return new LocalJobStats(
        s.wallTime,
        s.outputRows,
        s.peakMemoryBytes,
        s.operators,
        spill.spilledBytes(),
        spill.fileBytes(),
        Duration.ofNanos(spill.nanos()),
        Map.copyOf(byOp),
        s.udfCountersByOperator,
        s.udfHeapByOperator,
        s.maxHeapBytes,
        s.heapAfterGcBytes);
  }

  static LocalJobStats of(
      JobGraph graph,
      List<BufferAllocator> opAllocators,
      BufferAllocator job,
      long startNanos,
      long nowNanos,
      ErrorBudget errors) {
    List<OperatorStats> ops = new ArrayList<>();
    Map<String, Map<String, Long>> udf = new LinkedHashMap<>();
    for (int i = 0; i < graph.size(); i++) {
      PhysicalOperator op = graph.get(i);
      MetricsSnapshot m = op.stats().metrics();
      Map<String, Long> counters = m.udfCounters();
      if (!counters.isEmpty()) {
        udf.put(op.spec().name(), counters);
      }
      long peak = i < opAllocators.size() ? opAllocators.get(i).getPeakMemoryAllocation() : 0;
      ops.add(
          new OperatorStats(
              op.spec().name(),
              m.tasksDone(),
              m.wallNanos(nowNanos),
              m.busyNanos(),
              m.rowsIn(),
              m.rowsOut(),
              m.bytesOut(),
              peak,
              m.retries(),
              m.actorRestarts(),
              m.skippedRows(),
              m.skippedBlocks()));
    }
    long out = ops.isEmpty() ? 0 : sinkRows(ops.get(ops.size() - 1));
    return new LocalJobStats(
        Duration.ofNanos(nowNanos - startNanos),
        out,
        job.getPeakMemoryAllocation(),
        ops,
        0,
        0,
        Duration.ZERO,
        Map.of(),
        Map.copyOf(udf),
        UdfHeapReport.collect(graph),
        UdfHeapReport.maxHeapBytes(),
        UdfHeapReport.heapAfterGcBytes());
  }

  private static long sinkRows(OperatorStats sink) {
    return Math.max(sink.rowsIn(), sink.rowsOut());
  }

  @Override
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    String fmt = "%-28s %7s %9s %9s %12s %12s %10s %10s%n";
    sb.append(
        String.format(
            Locale.ROOT,
            fmt,
            "operator",
            "tasks",
            "wall s",
            "busy s",
            "rows in",
            "rows out",
            "MiB out",
            "peak MiB"));
    for (OperatorStats o : operators) {
      sb.append(
          String.format(
              Locale.ROOT,
              fmt,
              truncate(o.name(), 28),
              o.tasks(),
              secs(o.wallNanos()),
              secs(o.busyNanos()),
              o.rowsIn(),
              o.rowsOut(),
              mib(o.bytesOut()),
              mib(o.peakBytes())));
    }
    if (retries() + actorRestarts() + skippedRows() > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "reliability: %d retries, %d actor restarts, %d rows skipped%n",
              retries(),
              actorRestarts(),
              skippedRows()));
    }
    udfCountersByOperator.forEach(
        (op, counters) ->
            UdfCounterLines.of(op, counters)
                .forEach(line -> sb.append(line).append(System.lineSeparator())));
    UdfHeapReport.lines(udfHeapByOperator, maxHeapBytes, heapAfterGcBytes)
        .forEach(line -> sb.append(line).append(System.lineSeparator()));
    if (spilledBytes > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "spilled: %s MiB (%s MiB on disk), %.2f s writing and reading",
              mib(spilledBytes),
              mib(spillFileBytes),
              spillTime.toNanos() / 1e9));
      Set<String> shown = new HashSet<>();
      for (OperatorStats o : operators) { // graph order, then the job's consumer (materialize)
        shown.add(o.name());
        if (spilledBytes(o.name()) > 0) {
          sb.append(
              String.format(Locale.ROOT, "; %s %s MiB", o.name(), mib(spilledBytes(o.name()))));
        }
      }
      spilledByOperator.forEach(
          (name, bytes) -> {
            if (!shown.contains(name)) {
              sb.append(String.format(Locale.ROOT, "; %s %s MiB", name, mib(bytes)));
            }
          });
      sb.append(System.lineSeparator());
    }
    double wall = wallTime().toNanos() / 1e9;
    sb.append(
        String.format(
            Locale.ROOT,
            "total: %.2f s wall, %d rows out, %.0f rows/s, peak Arrow memory %s MiB%n",
            wall,
            outputRows,
            wall > 0 ? outputRows / wall : 0.0,
            mib(peakMemoryBytes)));
    return sb.toString();
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }

  private static String secs(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
  }

  @Override
  public String toString() {
    return toTable();
  }
}
