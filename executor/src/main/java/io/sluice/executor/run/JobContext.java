package io.sluice.executor.run;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.udf.SharedResources;
import io.sluice.executor.fault.AttemptRunner;
import io.sluice.executor.op.OperatorContext;
import io.sluice.executor.op.ResumePlan;
import io.sluice.executor.resource.JobMemory;
import io.sluice.executor.store.BlockStore;
import io.sluice.operators.core.GpuPool;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What a job shares with all its operators; {@link #forOperator} gives each operator its view, with
 * its own child allocator.
 *
 * @param post runs an action on the control-loop thread (any thread may call it)
 * @param fail records a failure (loop thread only)
 * @param gpus the backend's GPU devices, shared with its other jobs
 * @param udfResources what the backend's UDF instances share
 * @param memory the job's part of the backend's memory budget
 */
record JobContext(
    ExecutionOptions options,
    Executor workers,
    Consumer<Runnable> post,
    Consumer<Throwable> fail,
    GpuPool gpus,
    SharedResources udfResources,
    JobMemory memory,
    AttemptRunner attempts,
    ResumePlan resume,
    BlockStore store,
    BufferAllocator jobAllocator) {

  OperatorContext forOperator(BufferAllocator opAllocator) {
    JobContext job = this;
    return new OperatorContext() {
      @Override
      public BufferAllocator allocator() {
        return opAllocator;
      }

      @Override
      public ExecutionOptions options() {
        return job.options;
      }

      @Override
      public Executor workers() {
        return job.workers;
      }

      @Override
      public void post(Runnable action) {
        job.post.accept(action);
      }

      @Override
      public void fail(Throwable error) {
        job.fail.accept(error);
      }

      @Override
      public GpuPool gpus() {
        return job.gpus;
      }

      @Override
      public SharedResources udfResources() {
        return job.udfResources;
      }

      @Override
      public JobMemory memory() {
        return job.memory;
      }

      @Override
      public AttemptRunner attempts() {
        return job.attempts;
      }

      @Override
      public ResumePlan resume() {
        return job.resume;
      }

      @Override
      public BlockStore blockStore() {
        return job.store;
      }

      @Override
      public long jobMemoryUsed() {
        return job.jobAllocator.getAllocatedMemory();
      }
    };
  }
}
