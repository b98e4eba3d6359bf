package io.sluice.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Compute;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * UDF heap is measured per operator: an actor UDF that holds a known array from its constructor and
 * allocates a known array per call is reported with those sizes, and the stats table warns, with
 * the numbers, when what the UDFs hold is over half of the JVM's max heap.
 */
class UdfHeapTest {

  static final int HELD = 48 << 20;
  static final int PER_CALL = 1 << 20;
  static final long ROWS = 20_000;
  static final int BATCH = 1000;

  /**
   * Each instance holds {@link #HELD} bytes from its constructor on and allocates {@link #PER_CALL}
   * per call.
   */
  static final class HoldsHeap implements UdfFactory {
    @Override
    public String name() {
      return "Holder";
    }

    @Override
    public BatchUdf create(UdfContext context) {
      return new Holder();
    }
  }

  /**
   * Counted down by each instance once built; calls wait for both, so the two instances are alive
   * at once (otherwise one actor can run every batch and close before the other is built, and the
   * peak held is one instance's).
   */
  static volatile CountDownLatch built;

  static final class Holder implements BatchUdf {
    final byte[] state = new byte[HELD];

    Holder() {
      built.countDown();
    }

    /** Kept, so the per-call array escapes and the JIT cannot take it off the heap. */
    byte[] last;

    @Override
    public VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator)
        throws InterruptedException {
      assertThat(built.await(60, TimeUnit.SECONDS)).as("both instances built").isTrue();
      last = new byte[PER_CALL];
      last[input.getRowCount() % PER_CALL] = state[input.getRowCount() % HELD];
      return input;
    }
  }

  private static JobStats run() {
    built = new CountDownLatch(2);
    try (Sluice s = Sluice.local(ExecutionOptions.builder().cpuSlots(2).progress(false).build())) {
      return s.range(ROWS)
          .mapBatches(new HoldsHeap(), Compute.actors(2).batchSize(BATCH))
          .countWithStats()
          .stats();
    }
  }

  @Test
  void anActorUdfsHeldAndPerCallHeapIsMeasuredAndShown() {
    JobStats stats = run();

    JobStats.UdfHeap heap = stats.udfHeap("Holder").orElseThrow();
    assertThat(heap.instances()).isEqualTo(2);
    assertThat(heap.peakHeldBytes())
        .as("two instances' arrays, little else")
        .isBetween(2L * HELD, 2L * HELD + (2 << 20));
    assertThat(heap.calls()).isEqualTo(ROWS / BATCH);
    assertThat(heap.allocatedBytes())
        .as("one array per call, little else")
        .isBetween(heap.calls() * PER_CALL, heap.calls() * (PER_CALL + (256 << 10)));
    assertThat(stats.toTable())
        .contains("udf heap Holder: 2 instances held up to 96.")
        .contains("MiB allocated in " + heap.calls() + " calls (1.0 MiB per call)");
  }

  @Test
  void udfsHoldingOverHalfTheMaxHeapAreWarnedAboutWithTheNumbers() {
    JobStats.UdfHeap heap = run().udfHeap("Holder").orElseThrow();

    List<String> tight = UdfHeapReport.lines(Map.of("Holder", heap), 128L << 20, -1);
    List<String> roomy = UdfHeapReport.lines(Map.of("Holder", heap), 1L << 30, -1);

    assertThat(tight)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("WARNING the UDFs hold up to 96.")
                    .contains("(Holder 96.")
                    .contains("of the JVM's max heap of 128.0 MiB")
                    .contains("SLUICE_JAVA_OPTS=-Xmx19"));
    assertThat(roomy).hasSize(1).noneMatch(line -> line.contains("WARNING"));
  }

  @Test
  void operatorsWithoutAUdfReportNoHeap() {
    JobStats stats = run();
    assertThat(stats.operators())
        .extracting(JobStats.OperatorStats::name)
        .filteredOn(name -> !name.equals("Holder"))
        .allSatisfy(name -> assertThat(stats.udfHeap(name)).isEmpty());
  }
}
