package io.sluice.flink;

import io.sluice.api.JobStats;
import io.sluice.api.SluiceException;
import io.sluice.api.spi.BatchStream;
import io.sluice.flink.block.ArrowBlock;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.util.CloseableIterator;

/**
 * A Flink job's output pulled to the driver through Flink's collect sink, decoded batch by batch
 * under the backend's allocator. Closing early cancels the job. At the end {@code onEnd} turns wall
 * time and rows into the job's statistics. One consumer thread.
 */
final class FlinkBatchStream implements BatchStream {

  private final String job;
  private final CloseableIterator<ArrowBlock> blocks;
  private final BufferAllocator allocator;
  private final BiFunction<Duration, Long, JobStats> onEnd;
  private JobStats finalStats;
  private final long start = System.nanoTime();
  private long rows;
  private boolean ended;

  FlinkBatchStream(
      String job,
      CloseableIterator<ArrowBlock> blocks,
      BufferAllocator allocator,
      BiFunction<Duration, Long, JobStats> onEnd) {
    this.job = job;
    this.blocks = blocks;
    this.allocator = allocator;
    this.onEnd = onEnd;
  }

  @Override
  public VectorSchemaRoot next() {
    if (ended) {
      return null;
    }
    try {
      if (!blocks.hasNext()) {
        end();
        return null;
      }
      VectorSchemaRoot batch = blocks.next().decode(allocator);
      rows += batch.getRowCount();
      return batch;
    } catch (RuntimeException e) {
      end();
      throw e instanceof SluiceException se
          ? se
          : FlinkErrors.unwrap(job, e, Thread.currentThread().getContextClassLoader());
    }
  }

  private void end() {
    if (!ended) {
      ended = true;
      finalStats = onEnd.apply(Duration.ofNanos(System.nanoTime() - start), rows);
    }
  }

  @Override
  public JobStats stats() {
    return finalStats != null
        ? finalStats
        : new FlinkJobStats(job, Duration.ofNanos(System.nanoTime() - start), rows, List.of());
  }

  @Override
  public void close() {
    try {
      blocks.close();
    } catch (Exception e) {
      throw new SluiceException("cancelling Flink job " + job + " failed: " + e.getMessage(), e);
    } finally {
      end();
    }
  }
}
