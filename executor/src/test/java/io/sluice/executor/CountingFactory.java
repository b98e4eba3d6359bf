package io.sluice.executor;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A UDF factory for tests that counts instances built and closed and records every batch size it
 * saw and how many ran at once; instances pass batches through unchanged (or sleep first).
 */
final class CountingFactory implements UdfFactory {

  static final AtomicInteger CREATED = new AtomicInteger();
  static final AtomicInteger CLOSED = new AtomicInteger();
  static final List<Integer> BATCH_ROWS = new CopyOnWriteArrayList<>();
  static final List<UdfContext> CONTEXTS = new CopyOnWriteArrayList<>();
  static final AtomicInteger RUNNING = new AtomicInteger();
  static final AtomicInteger MAX_RUNNING = new AtomicInteger();

  private final long sleepMillis;

  CountingFactory(long sleepMillis) {
    this.sleepMillis = sleepMillis;
  }

  static void reset() {
    CREATED.set(0);
    CLOSED.set(0);
    BATCH_ROWS.clear();
    CONTEXTS.clear();
    RUNNING.set(0);
    MAX_RUNNING.set(0);
  }

  @Override
  public String name() {
    return "Counting";
  }

  @Override
  public BatchUdf create(UdfContext context) {
    CREATED.incrementAndGet();
    CONTEXTS.add(context);
    return new BatchUdf() {
      @Override
      public VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator)
          throws Exception {
        BATCH_ROWS.add(input.getRowCount());
        MAX_RUNNING.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
        try {
          if (sleepMillis > 0) {
            Thread.sleep(sleepMillis);
          }
          return input;
        } finally {
          RUNNING.decrementAndGet();
        }
      }

      @Override
      public void close() {
        CLOSED.incrementAndGet();
      }
    };
  }
}
