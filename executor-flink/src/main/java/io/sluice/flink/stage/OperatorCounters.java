package io.sluice.flink.stage;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * One operator subtask's figures as Flink accumulators, named {@code <operator>|<figure>}: Flink
 * merges them over the subtasks (sums; the earliest start and the latest end) and hands them to the
 * driver with the job's result, where they become {@code JobStats.OperatorStats}. Task thread only.
 */
public final class OperatorCounters {

  public static final String CALLS = "calls";
  public static final String BUSY_NANOS = "busyNanos";
  public static final String ROWS_IN = "rowsIn";
  public static final String ROWS_OUT = "rowsOut";
  public static final String BYTES_OUT = "bytesOut";
  public static final String FIRST_START_MICROS = "firstStartMicros";
  public static final String LAST_END_MICROS = "lastEndMicros";
  public static final String SKIPPED_ROWS = "skippedRows";

  private final LongCounter calls = new LongCounter();
  private final LongCounter busy = new LongCounter();
  private final LongCounter rowsIn = new LongCounter();
  private final LongCounter rowsOut = new LongCounter();
  private final LongCounter bytesOut = new LongCounter();
  private final LongMinimum firstStart = new LongMinimum();
  private final LongMaximum lastEnd = new LongMaximum();
  private final LongCounter skippedRows = new LongCounter();

  public OperatorCounters(RuntimeContext context, String operator) {
    context.addAccumulator(operator + "|" + CALLS, calls);
    context.addAccumulator(operator + "|" + BUSY_NANOS, busy);
    context.addAccumulator(operator + "|" + ROWS_IN, rowsIn);
    context.addAccumulator(operator + "|" + ROWS_OUT, rowsOut);
    context.addAccumulator(operator + "|" + BYTES_OUT, bytesOut);
    context.addAccumulator(operator + "|" + FIRST_START_MICROS, firstStart);
    context.addAccumulator(operator + "|" + LAST_END_MICROS, lastEnd);
    context.addAccumulator(operator + "|" + SKIPPED_ROWS, skippedRows);
  }

  /** A call that started at {@code startNanos} (System.nanoTime) and just ended. */
  public void call(long startNanos, long in, long out, long bytes) {
    long end = System.nanoTime();
    long nowMicros = System.currentTimeMillis() * 1000;
    calls.add(1L);
    busy.add(end - startNanos);
    rowsIn.add(in);
    rowsOut.add(out);
    bytesOut.add(bytes);
    firstStart.add(nowMicros - (end - startNanos) / 1000);
    lastEnd.add(nowMicros);
  }

  /** Rows skipped into the dead letters (ErrorPolicy.skip). */
  public void skipped(long rows) {
    skippedRows.add(rows);
  }
}
