package io.sluice.api.spi;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.PlanException;
import io.sluice.api.plan.LimitNode;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.source.BlocksSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs logical plans: the embedded streaming executor, or a cluster engine. Plans arrive already
 * optimized.
 *
 * <p>Call-order rules: any number of jobs, one after another or concurrently, then {@link #close()}
 * once, after every stream is closed. Batches a job hands out are allocated under {@link
 * #allocator()}, which lives until the backend closes.
 */
public interface ExecutionBackend extends AutoCloseable {

  /**
   * The options this backend runs with. A backend fills in the auto {@link
   * io.sluice.api.options.Resources} it uses when it is created, from its machine or cluster (the
   * local backend all of them); those it has no use for may stay auto.
   */
  ExecutionOptions options();

  /**
   * Runs the plan, streaming its output; {@link BatchStream#stats()} are the job's figures, and a
   * failure {@code next()} throws carries them ({@link io.sluice.api.SluiceException#jobStats()}).
   */
  BatchStream stream(LogicalNode plan);

  /**
   * The plan's output schema: the declared one, or else the schema of the first batch a one-row run
   * of the plan produces (for writes that must know it before they start).
   *
   * @param why what needs it, for the error when the input has no rows
   * @throws PlanException when nothing declares it and the input has no rows
   */
  default Schema outputSchema(LogicalNode plan, String why) {
    Optional<Schema> declared = plan.schema();
    if (declared.isPresent()) {
      return declared.get();
    }
    try (BatchStream s = stream(new LimitNode(plan, 1))) {
      VectorSchemaRoot b = s.next();
      if (b == null) {
        throw new PlanException(
            why
                + " needs its output schema, but the input has no rows to infer"
                + " it from; declare the output schema of the last map");
      }
      try (b) {
        return b.getSchema();
      }
    }
  }

  /**
   * Runs the plan into a sink and commits it atomically, returning the commit with the job's
   * figures ({@link WriteResult#withStats}); on failure aborts and rethrows, with the figures
   * attached where the failure is a {@link io.sluice.api.SluiceException} ({@link
   * io.sluice.api.SluiceException#attachJobStats}).
   */
  WriteResult write(LogicalNode plan, Datasink sink);

  /**
   * Runs the plan and keeps every output block, so later consumers do not recompute it; the backend
   * decides where the blocks live (within its memory budget, spilling the rest where it can). The
   * caller closes the result. This default keeps every block in memory under {@link #allocator()}.
   */
  default Materialized materialize(LogicalNode plan) {
    List<VectorSchemaRoot> blocks = new ArrayList<>();
    Schema schema = null;
    try (BatchStream s = stream(plan)) {
      VectorSchemaRoot b;
      while ((b = s.next()) != null) {
        schema = b.getSchema();
        blocks.add(b);
      }
    } catch (RuntimeException e) {
      blocks.forEach(VectorSchemaRoot::close);
      throw e;
    }
    if (schema == null) {
      schema = plan.schema().orElse(new Schema(List.of()));
    }
    return new BlocksSource(schema, blocks);
  }

  /**
   * Snapshots of the jobs running now (at most a fraction of a second old), oldest first, each with
   * its {@link io.sluice.api.JobStats#jobId()} and {@link io.sluice.api.JobStats#operatorStates()}:
   * what live views (the web dashboard) show. Empty where the backend cannot see its jobs. Any
   * thread.
   */
  default List<JobStats> runningJobStats() {
    return List.of();
  }

  /** Root of everything this backend allocates; closing the backend fails if anything leaked. */
  BufferAllocator allocator();

  @Override
  void close();
}
