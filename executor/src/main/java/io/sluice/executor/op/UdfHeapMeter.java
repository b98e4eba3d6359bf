package io.sluice.executor.op;

import com.sun.management.ThreadMXBean;
import io.sluice.api.JobStats;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What one operator's UDF instances do on the Java heap (issue 17: Ray only prints "consider
 * setting memory=4.1GiB"), measured on the threads that run them with HotSpot's per-thread
 * allocation counter: the bytes allocated while an instance is built (its state: a model, a lookup
 * table; an upper bound of what it holds, as garbage made while building counts too), held until
 * the instance is closed, and the bytes allocated inside {@code apply}. The counter is read twice
 * per UDF call (a batch, never a row); where the JVM lacks it, {@link #wrap} returns the factory
 * unchanged and nothing is reported. Thread-safe.
 */
public final class UdfHeapMeter implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final ThreadMXBean THREADS = threads();

  private final LongAdder instances = new LongAdder();
  private final LongAdder allocated = new LongAdder();
  private final LongAdder calls = new LongAdder();
  private final AtomicLong held = new AtomicLong();
  private final AtomicLong peakHeld = new AtomicLong();

  /**
   * {@code factory} whose instances are measured here, or {@code factory} itself where the JVM
   * cannot.
   */
  public UdfFactory wrap(UdfFactory factory) {
    return THREADS == null ? factory : new MeteredFactory(factory, this);
  }

  /** The figures so far; empty where nothing is measured. */
  public Optional<JobStats.UdfHeap> snapshot() {
    if (THREADS == null) {
      return Optional.empty();
    }
    return Optional.of(
        new JobStats.UdfHeap(
            instances.sum(), held.get(), peakHeld.get(), allocated.sum(), calls.sum()));
  }

  private void built(long bytes) {
    instances.increment();
    peakHeld.accumulateAndGet(held.addAndGet(bytes), Math::max);
  }

  private static long now() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  private static ThreadMXBean threads() {
    try {
      if (ManagementFactory.getThreadMXBean() instanceof ThreadMXBean t
          && t.isThreadAllocatedMemorySupported()
          && t.isThreadAllocatedMemoryEnabled()
          && t.getCurrentThreadAllocatedBytes() >= 0) {
        return t;
      }
    } catch (UnsupportedOperationException | SecurityException e) {
      // no per-thread allocation counter on this JVM: nothing is measured
    }
    return null;
  }

  /** Builds instances that report to the meter; everything else is the wrapped factory's. */
  private record MeteredFactory(UdfFactory delegate, UdfHeapMeter meter) implements UdfFactory {

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public BatchUdf create(UdfContext context) throws Exception {
      long before = now();
      BatchUdf udf = delegate.create(context);
      long setup = Math.max(0, now() - before);
      meter.built(setup);
      return new MeteredUdf(udf, setup, meter);
    }

    @Override
    public Optional<Schema> outputSchema(Schema input) {
      return delegate.outputSchema(input);
    }
  }

  /**
   * One instance: its calls' allocations are added up, its set-up bytes are held until it closes.
   */
  private static final class MeteredUdf implements BatchUdf {
    private final BatchUdf delegate;
    private final long setup;
    private final UdfHeapMeter meter;
    private final AtomicBoolean closed = new AtomicBoolean();

    MeteredUdf(BatchUdf delegate, long setup, UdfHeapMeter meter) {
      this.delegate = delegate;
      this.setup = setup;
      this.meter = meter;
    }

    @Override
    public VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator)
        throws Exception {
      long before = now();
      try {
        return delegate.apply(input, allocator);
      } finally {
        meter.allocated.add(Math.max(0, now() - before));
        meter.calls.increment();
      }
    }

    @Override
    public Map<String, Long> counters() {
      return delegate.counters();
    }

    @Override
    public void close() throws Exception {
      if (closed.compareAndSet(false, true)) {
        try {
          delegate.close();
        } finally {
          meter.held.addAndGet(-setup);
        }
      }
    }
  }
}
