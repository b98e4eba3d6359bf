package io.sluice.executor.op;

import io.sluice.api.ExecutionOptions;
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

  /** Threads for CPU tasks. Concurrency is limited by the job's slot accounting, not by this pool. */
  Executor workers();

  /** Runs {@code action} on the control-loop thread, soon. Callable from any thread. */
  void post(Runnable action);

  /** Fails the job with {@code error}. Callable from the loop thread only. */
  void fail(Throwable error);

  /** The GPU devices of this job, shared by its actor pools. */
  GpuPool gpus();

  /**
   * The share of the memory budget one operator's unconsumed output may reach before the job stops
   * scheduling it. A consumer that batches its input (a writer) should act before its queue reaches
   * this, or its producer stalls.
   */
  long memoryShareBytes();

  /** Retry rules and fault injection. */
  io.sluice.executor.fault.Retrier retrier();

  /** What a resumable job takes over from earlier runs ({@link ResumePlan#NONE} otherwise). */
  ResumePlan resume();

  /** The job's error budget and dead letters. */
  io.sluice.executor.fault.ErrorBudget errors();

  /** The job's spill directory: where blocks that must be kept beyond the budget go. */
  default io.sluice.executor.store.SpillDirectory spillDirectory() {
    throw new UnsupportedOperationException("this job cannot spill");
  }

  /** Bytes of Arrow memory the whole job holds now (any thread). */
  default long jobMemoryUsed() {
    return 0;
  }
}
