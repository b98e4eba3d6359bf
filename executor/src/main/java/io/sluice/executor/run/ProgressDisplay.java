package io.sluice.executor.run;

import io.sluice.executor.op.BlockingReason;
import io.sluice.executor.op.MetricsSnapshot;
import io.sluice.executor.op.OperatorStatsView;
import io.sluice.executor.op.PhysicalOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One progress bar per operator on stderr (only when attached to a terminal): rows out, blocks,
 * rows/s, bytes queued at its input, and why it is blocked (the operator's reason, or the
 * scheduler's when it is ready but held). It only reads. Updated from the control loop at most a
 * few times a second; loop thread only.
 */
final class ProgressDisplay {

  private static final long UPDATE_NANOS = 200_000_000L;
  private final List<ProgressBar> bars = new ArrayList<>();
  private final IntFunction<BlockingReason> whyBlocked;
  private long lastUpdate;

  /**
   * @param whyBlocked operator index to why it starts nothing (its own reason or the scheduler's)
   */
  ProgressDisplay(JobGraph graph, IntFunction<BlockingReason> whyBlocked) {
    this.whyBlocked = whyBlocked;
    long expected = -1;
    for (PhysicalOperator op : graph.operators()) {
      long rows = op.stats().expectedRows();
      expected = rows >= 0 ? rows : expected;
      bars.add(
          new ProgressBarBuilder()
              .setTaskName(pad(op.spec().name()))
              .setInitialMax(expected)
              .setStyle(ProgressBarStyle.ASCII)
              .setUnit(" rows", 1)
              .showSpeed()
              .setUpdateIntervalMillis(250)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .build());
    }
  }

  private static String pad(String name) {
    return name.length() > 24 ? name.substring(0, 23) + "~" : String.format("%-24s", name);
  }

  void update(Job job) {
    long now = System.nanoTime();
    if (now - lastUpdate < UPDATE_NANOS) {
      return;
    }
    lastUpdate = now;
    List<PhysicalOperator> ops = job.graph().operators();
    for (int i = 0; i < ops.size(); i++) {
      OperatorStatsView s = ops.get(i).stats();
      MetricsSnapshot m = s.metrics();
      long rows = Math.max(m.rowsOut(), m.rowsIn());
      ProgressBar bar = bars.get(i);
      if (bar.getMax() >= 0 && rows > bar.getMax()) {
        bar.maxHint(-1);
      }
      bar.stepTo(rows);
      bar.setExtraMessage(
          String.format(
              " %d blk, %d run, q %.1f MiB, %s",
              m.blocksOut(),
              s.runningTasks(),
              s.queuedInputBytes() / 1048576.0,
              whyBlocked.apply(i).name().toLowerCase()));
    }
  }

  void close(Job job) {
    lastUpdate = 0;
    update(job);
    for (ProgressBar b : bars) {
      b.close();
    }
  }
}
