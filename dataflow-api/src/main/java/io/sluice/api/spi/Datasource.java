package io.sluice.api.spi;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A readable dataset: knows its schema and splits itself into {@link ReadTask}s, the unit of read
 * parallelism (a Parquet row group, a file range, a slice of in-memory items).
 *
 * <p>Optional capabilities are separate interfaces the optimizer looks for: {@link
 * SupportsProjection} and {@link SupportsLimit}. Implementations are immutable; the {@code with...}
 * methods return new sources.
 *
 * <p>Call-order rules: {@link #schema()} and {@link #planReadTasks(int)} run on the driver, before
 * any task, and may do I/O (list files, read footers); they throw {@link
 * io.sluice.api.SluiceException} naming the path at fault. The returned tasks then run on worker
 * threads, each at most once per attempt.
 */
public interface Datasource {

  /** Short name for progress and stats, e.g. {@code ReadParquet}. */
  String name();

  /** The schema of every batch the tasks produce. */
  Schema schema();

  /**
   * Whether the source is known to hold nothing (an empty directory): its schema is then unknown
   * (empty), and plans over it validate no columns, so the job completes with zero rows.
   */
  default boolean isEmpty() {
    return false;
  }

  /**
   * Splits the source into tasks, in the order their rows should appear when order is preserved.
   *
   * @param parallelismHint how many tasks the executor would like at least (it may get fewer)
   */
  List<ReadTask> planReadTasks(int parallelismHint);
}
