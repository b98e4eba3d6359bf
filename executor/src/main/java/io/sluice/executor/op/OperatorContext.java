package io.sluice.executor.op;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.udf.SharedResources;
import io.sluice.executor.fault.AttemptRunner;
import io.sluice.executor.resource.JobMemory;
import io.sluice.executor.store.BlockStore;
import io.sluice.operators.core.GpuPool;
import java.util.concurrent.Executor;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What the job gives an operator when it starts. Operators are single-threaded: every call into an
 * operator happens on the job's control-loop thread. Work an operator hands to {@link #workers()}
 * reports back through {@link #post}, whose runnables also run on the loop thread.
 */
public interface OperatorContext {

  /** The operator's own child allocator: every block it produces is allocated here. */
  BufferAllocator allocator();

  ExecutionOptions options();

  /**
   * Threads for CPU tasks. Concurrency is limited by the job's slot accounting, not by this pool.
   */
  Executor workers();

  /** Runs {@code action} on the control-loop thread, soon. Callable from any thread. */
  void post(Runnable action);

  /** Fails the job with {@code error}. Callable from the loop thread only. */
  void fail(Throwable error);

  /** The backend's GPU devices, shared by every actor pool of every job the backend runs. */
  GpuPool gpus();

  /** What the UDF instances of the backend's jobs share (their contexts carry it). */
  default SharedResources udfResources() {
    return SharedResources.process();
  }

  /**
   * The job's part of the backend's memory budget: its budget now, one operator's share, what an
   * all-to-all operator holds before spilling, what a writer batches. It changes as other jobs of
   * the backend take or free memory.
   */
  JobMemory memory();

  /** Runs task attempts: retries, isolation into dead letters, the error budget, interrupts. */
  AttemptRunner attempts();

  /** What a resumable job takes over from earlier runs ({@link ResumePlan#NONE} otherwise). */
  ResumePlan resume();

  /**
   * The job's block store: buffers of blocks that must be kept beyond the budget, spilled to the
   * job's spill directory on workers (and when an allocation would pass the job's hard limit).
   */
  default BlockStore blockStore() {
    throw new UnsupportedOperationException("this job cannot spill");
  }

  /** Bytes of Arrow memory the whole job holds now (any thread). */
  default long jobMemoryUsed() {
    return 0;
  }
}
