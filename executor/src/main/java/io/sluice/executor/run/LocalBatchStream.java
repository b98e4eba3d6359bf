package io.sluice.executor.run;

import io.sluice.api.JobStats;
import io.sluice.api.SluiceException;
import io.sluice.api.arrow.Batches;
import io.sluice.api.spi.BatchStream;
import io.sluice.executor.op.Block;
import io.sluice.executor.op.OutputOperator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A job running on its own thread, consumed batch by batch. A batch handed out is moved to the
 * caller's allocator first, so the job can end (and close its allocators) while the caller still
 * holds it; the job waits until every queued block has been handed over.
 */
public final class LocalBatchStream implements BatchStream {

  private final Job job;
  private final OutputOperator output;
  private final BufferAllocator target;
  private final AtomicLong handedOver = new AtomicLong();
  private final Thread thread;
  private volatile Throwable failure;
  private volatile boolean finished;
  private boolean closed;

  private final Consumer<JobStats> onEnd;

  /**
   * Starts the job, whose sink must be an {@link OutputOperator}; batches handed out are moved to
   * {@code target}; {@code onEnd} receives the job's statistics when it ends, however it ends.
   */
  public LocalBatchStream(Job job, BufferAllocator target, Consumer<JobStats> onEnd) {
    this.onEnd = onEnd;
    this.job = job;
    this.output = job.sink(OutputOperator.class);
    this.target = target;
    this.thread = new Thread(this::runJob, "sluice-" + job.id());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void runJob() {
    try {
      job.run(
          () -> {
            job.pumpUntil(() -> handedOver.get() == output.stats().metrics().blocksIn());
            return null;
          },
          () -> {});
    } catch (Throwable t) {
      failure = t;
    } finally {
      onEnd.accept(stats());
      finished = true;
    }
  }

  @Override
  public VectorSchemaRoot next() {
    if (closed) {
      throw new IllegalStateException("stream is closed");
    }
    try {
      while (true) {
        Block b = output.consumerQueue().poll(50, TimeUnit.MILLISECONDS);
        if (b != null) {
          VectorSchemaRoot r = Batches.transfer(b.data(), target);
          b.close();
          handedOver.incrementAndGet();
          job.wake();
          return r;
        }
        if (finished) {
          Throwable f = failure;
          if (f != null) {
            RuntimeException e =
                f instanceof RuntimeException re ? re : new SluiceException(f.getMessage(), f);
            SluiceException.attachJobStats(e, stats());
            throw e;
          }
          return null;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new SluiceException("interrupted while waiting for job " + job.id(), e);
    }
  }

  @Override
  public LocalJobStats stats() {
    return job.stats();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!finished) {
      job.cancel();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
