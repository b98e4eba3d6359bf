package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import io.sluice.api.spi.BatchStream;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import io.sluice.operators.core.GpuPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs running at once on one {@code Sluice} share its resources: one memory budget, one set of
 * (simulated) GPU slots, one set of CPU slots, instead of each believing it owns the machine.
 */
class ConcurrentJobsTest {

  /**
   * A simulated GPU stage: each call holds its actor's GPU fraction on its device while it runs (in
   * exact units), recording the most any device and all devices held at once, then passes rows on.
   */
  static final class SimulatedGpu implements UdfFactory {
    final AtomicLongArray deviceUnits;
    final AtomicLong peakDeviceUnits = new AtomicLong();
    final AtomicLong peakTotalUnits = new AtomicLong();
    final AtomicLong total = new AtomicLong();
    final long sleepMillis;

    SimulatedGpu(int devices, long sleepMillis) {
      this.deviceUnits = new AtomicLongArray(devices);
      this.sleepMillis = sleepMillis;
    }

    @Override
    public String name() {
      return "SimulatedGpu";
    }

    @Override
    public BatchUdf create(UdfContext context) {
      long units = GpuPool.units(context.gpuFraction());
      int device = context.gpuIds()[0];
      return (input, allocator) -> {
        peakDeviceUnits.accumulateAndGet(deviceUnits.addAndGet(device, units), Math::max);
        peakTotalUnits.accumulateAndGet(total.addAndGet(units), Math::max);
        try {
          Thread.sleep(sleepMillis);
          return input;
        } finally {
          total.addAndGet(-units);
          deviceUnits.addAndGet(device, -units);
        }
      };
    }
  }

  /** Sum and count of the ids a dataset yields, consumed batch by batch. */
  static long[] sumAndCount(Dataset ds) {
    long[] out = {0, 0};
    try (BatchStream s = ds.streamBatches()) {
      VectorSchemaRoot b;
      while ((b = s.next()) != null) {
        BigIntVector id = (BigIntVector) b.getVector("id");
        for (int r = 0; r < b.getRowCount(); r++) {
          out[0] += id.get(r);
        }
        out[1] += b.getRowCount();
        b.close();
      }
    }
    return out;
  }

  @Test
  void twoJobsAtOnceShareOneBudgetAndTheGpuSlotsAndBothAreExact() throws Exception {
    long budget = 2 << 20;
    int rowsPerTask = 8192; // one read block: 64 KiB of ids, charged at most 1.25x
    int tasks = 64; // 4 MiB per job: each job alone could fill the whole budget twice
    ExecutionOptions o =
        ExecutionOptions.builder()
            .cpuSlots(4)
            .gpuSlots(1)
            .progress(false)
            .memoryBudgetBytes(budget)
            .targetBlockBytes(64 << 10)
            .build();
    SimulatedGpu gpu = new SimulatedGpu(1, 3);
    try (Sluice s = Sluice.local(o)) {
      BufferAllocator root = s.backend().allocator();
      // a slow simulated-GPU stage behind fast reads: each job's queues grow until its budget stops
      // them
      Dataset a =
          s.read(new CountingSource(tasks, rowsPerTask, 0))
              .mapBatches(gpu, Compute.actors(2, 2).gpus(0.5).batchSize(2048));
      Dataset b =
          s.read(new CountingSource(tasks, rowsPerTask, 0))
              .mapBatches(gpu, Compute.actors(1, 4).gpus(0.25).batchSize(2048));
      List<CompletableFuture<long[]>> runs = new ArrayList<>();
      for (Dataset ds : List.of(a, b)) {
        runs.add(CompletableFuture.supplyAsync(() -> sumAndCount(ds)));
      }
      long n = (long) tasks * rowsPerTask;
      for (CompletableFuture<long[]> run : runs) {
        assertThat(run.get(120, TimeUnit.SECONDS)).containsExactly(n * (n - 1) / 2, n);
      }
      // Both jobs' Arrow memory (and the batch each consumer holds) hang from the backend's root:
      // together within the one budget plus one block per job (its liveness / admission race) and
      // the consumer's batch, where each job alone believing it owned the budget would reach 2x.
      long block = rowsPerTask * 8L * 5 / 4;
      assertThat(root.getPeakMemoryAllocation()).isLessThanOrEqualTo(budget + 2 * (block + block));
      // one simulated device: never more than one device's worth held at once, by both jobs
      // together
      assertThat(gpu.peakDeviceUnits.get()).isLessThanOrEqualTo(GpuPool.UNITS).isPositive();
      assertThat(gpu.peakTotalUnits.get()).isLessThanOrEqualTo(GpuPool.UNITS);
      assertThat(s.backend() instanceof LocalBackend lb ? lb.resources().gpus().inUse() : -1)
          .isZero();
      assertThat(((LocalBackend) s.backend()).resources().cpus().inUse()).isZero();
    }
  }

  @Test
  void aFinishedStageGivesItsGpusToTheNextStageOfTheSameJob() {
    ExecutionOptions o = ExecutionOptions.builder().cpuSlots(2).gpuSlots(1).progress(false).build();
    SimulatedGpu first = new SimulatedGpu(1, 0);
    SimulatedGpu second = new SimulatedGpu(1, 0);
    try (Sluice s = Sluice.local(o)) {
      // both stages want the only device: the second can start only once the first gave it back
      long[] got =
          sumAndCount(
              s.read(new CountingSource(8, 1000, 0))
                  .mapBatches(first, Compute.actors(1).gpus(1).batchSize(500))
                  .mapBatches(second, Compute.actors(1).gpus(1).batchSize(500)));
      assertThat(got).containsExactly(8000L * 7999 / 2, 8000);
      assertThat(first.peakTotalUnits.get()).isEqualTo(GpuPool.UNITS);
      assertThat(second.peakTotalUnits.get()).isEqualTo(GpuPool.UNITS);
    }
  }

  @Test
  void aJobOverItsAllocatorLimitSpillsInsteadOfFailing(@TempDir Path spill) {
    long limit = 1 << 20;
    // a budget far above the limit: the policies never spill; only the allocator's limit can stop
    // it
    ExecutionOptions o =
        ExecutionOptions.builder()
            .cpuSlots(2)
            .gpuSlots(0)
            .progress(false)
            .memoryBudgetBytes(256L << 20)
            .targetBlockBytes(64 << 10)
            .spillDir(spill)
            .build();
    try (Sluice s = Sluice.on(new LocalBackend(o, limit))) {
      // 4 MiB of ids (read blocks of 32 KiB) through a repartition: all of it is kept before the
      // first
      // row leaves, four times the limit. (Partitions of 256 KiB: two emitted at once fit the
      // limit, as
      // blocks waiting in an operator's output are not the block store's to spill.)
      long n = 128L * 4096;
      var counted = s.read(new CountingSource(128, 4096, 0)).repartition(16).countWithStats();
      assertThat(counted.value()).isEqualTo(n);
      JobStats stats = counted.stats();
      assertThat(stats.spilledBytes()).isPositive();
      assertThat(stats.peakMemoryBytes()).isLessThanOrEqualTo(limit);
    }
  }
}
