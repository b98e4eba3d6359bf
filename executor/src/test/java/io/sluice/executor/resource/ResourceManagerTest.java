package io.sluice.executor.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.ExecutionOptions;
import io.sluice.executor.run.MemoryRounding;
import io.sluice.executor.store.BlockStore;
import io.sluice.executor.store.SpillDirectory;
import io.sluice.operators.core.GpuPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend-wide resource manager on its own: exact fractions, leases, concurrency, the hard
 * limit.
 */
class ResourceManagerTest {

  @TempDir Path tmp;

  @Test
  void gpuFractionsAreExactAfterAThousandCycles() {
    GpuPool pool = new GpuPool(1);
    for (int cycle = 0; cycle < 1000; cycle++) {
      List<int[]> held = new ArrayList<>();
      for (int i = 0; i < 10; i++) { // ten 0.1 GPU actors fill the device exactly
        int[] ids = pool.acquire(0.1);
        assertThat(ids).as("actor %d of cycle %d", i, cycle).containsExactly(0);
        held.add(ids);
      }
      assertThat(pool.acquire(0.1)).as("an eleventh tenth").isNull();
      held.forEach(ids -> pool.release(ids, 0.1));
      assertThat(pool.freeUnits(0)).isEqualTo(GpuPool.UNITS);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(pool.acquire(1.0 / 3)).containsExactly(0);
    }
    assertThat(pool.acquire(1.0 / 3)).isNull();
    assertThat(pool.freeUnits(0)).isZero(); // three thirds are exactly one device
    assertThat(pool.capacityFor(0.1)).isEqualTo(10);
    assertThat(pool.capacityFor(1.0 / 3)).isEqualTo(3);
  }

  @Test
  void fractionsPackOntoPartlyUsedDevicesAndWholeRequestsTakeWholeDevices() {
    GpuPool pool = new GpuPool(2);
    assertThat(pool.acquire(0.25)).containsExactly(0);
    assertThat(pool.acquire(1)).containsExactly(1); // device 0 is partly used
    assertThat(pool.acquire(1)).isNull();
    for (int i = 0; i < 3; i++) {
      assertThat(pool.acquire(0.25)).containsExactly(0);
    }
    assertThat(pool.acquire(0.25)).isNull();
    assertThat(pool.inUse()).isEqualTo(2.0);
    pool.release(new int[] {1}, 1);
    assertThatThrownBy(() -> pool.release(new int[] {1}, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("released more than was acquired");
  }

  @Test
  void cpuSlotsOfATaskComeBackWhenItsStageFinishesAndTheJobsLeaseCloses() {
    try (BufferAllocator root = new RootAllocator()) {
      ResourceManager rm = new ResourceManager(2, 0, 1 << 20, 1 << 20, root);
      JobResources a = rm.lease("a", AllocationListener.NOOP);
      JobResources b = rm.lease("b", AllocationListener.NOOP);
      assertThat(a.tryAcquireCpus(0.5)).isTrue();
      assertThat(a.tryAcquireCpus(0.25)).isTrue();
      assertThat(b.tryAcquireCpus(1.25)).isTrue(); // 0.5 + 0.25 + 1.25 = 2, exactly
      assertThat(b.tryAcquireCpus(0.001)).isFalse();
      assertThat(rm.cpus().free()).isZero();
      // a's stages finished: the next turn settles a at what still runs (nothing)
      a.settleCpus(0);
      assertThat(rm.cpus().free()).isEqualTo(0.75);
      assertThat(b.tryAcquireCpus(0.75)).isTrue();
      b.close();
      assertThat(rm.cpus().free()).isEqualTo(2.0);
      // a task larger than every slot still runs, alone
      assertThat(a.tryAcquireCpus(4)).isTrue();
      assertThat(a.tryAcquireCpus(0.5)).isFalse();
      a.close();
      assertThat(rm.cpus().inUse()).isZero();
      a.allocator().close();
      b.allocator().close();
    }
  }

  @Test
  void concurrentAcquiresNeverHoldMoreSlotsOrGpusThanExist() throws Exception {
    try (BufferAllocator root = new RootAllocator()) {
      ResourceManager rm = new ResourceManager(3, 2, 1 << 20, 1 << 20, root);
      AtomicLong cpuPeak = new AtomicLong();
      AtomicLong gpuPeakUnits = new AtomicLong();
      long[] deviceUnits = new long[2];
      ExecutorService threads = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        double gpus = t % 2 == 0 ? 0.5 : 1.0 / 3;
        done.add(
            threads.submit(
                () -> {
                  go.await();
                  JobResources lease = rm.lease("job", AllocationListener.NOOP);
                  for (int i = 0; i < 2000; i++) {
                    if (lease.tryAcquireCpus(0.75)) {
                      cpuPeak.accumulateAndGet(Math.round(rm.cpus().inUse() * 1000), Math::max);
                      lease.settleCpus(0);
                    }
                    int[] ids = rm.gpus().acquire(gpus);
                    if (ids != null) {
                      long u = GpuPool.units(gpus);
                      synchronized (deviceUnits) {
                        deviceUnits[ids[0]] += u;
                        assertThat(deviceUnits[ids[0]]).isLessThanOrEqualTo(GpuPool.UNITS);
                        gpuPeakUnits.accumulateAndGet(deviceUnits[0] + deviceUnits[1], Math::max);
                      }
                      synchronized (deviceUnits) {
                        deviceUnits[ids[0]] -= u;
                      }
                      rm.gpus().release(ids, gpus);
                    }
                  }
                  lease.close();
                  lease.allocator().close();
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      threads.shutdown();
      assertThat(cpuPeak.get()).isLessThanOrEqualTo(3000).isGreaterThan(0);
      assertThat(gpuPeakUnits.get()).isLessThanOrEqualTo(2 * GpuPool.UNITS).isGreaterThan(0);
      assertThat(rm.cpus().inUse()).isZero();
      assertThat(rm.gpus().inUse()).isZero();
    }
  }

  @Test
  void aShareGetsWhatTheOtherSharesLeave() {
    try (BufferAllocator root = new RootAllocator()) {
      ResourceManager rm = new ResourceManager(1, 0, 1000, 1 << 20, root);
      JobResources a = rm.lease("a", AllocationListener.NOOP);
      JobResources b = rm.lease("b", AllocationListener.NOOP);
      assertThat(a.memory().budget()).isEqualTo(1000);
      try (ArrowBuf buf = a.allocator().buffer(256)) {
        a.memory().reserve(100);
        long held = buf.capacity() + 100;
        assertThat(b.memory().budget()).isEqualTo(1000 - held);
        assertThat(a.memory().budget()).isEqualTo(1000);
        assertThat(rm.memory().used()).isEqualTo(held);
      }
      a.memory().reserve(0);
      a.close();
      assertThat(b.memory().budget()).isEqualTo(1000);
      b.close();
      a.allocator().close();
      b.allocator().close();
    }
  }

  static VectorSchemaRoot ids(BufferAllocator a, int rows) {
    VectorSchemaRoot r =
        VectorSchemaRoot.create(
            new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true)))), a);
    BigIntVector v = (BigIntVector) r.getVector("id");
    v.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      v.set(i, i);
    }
    r.setRowCount(rows);
    return r;
  }

  @Test
  void anAllocationPastTheHardLimitSpillsTheBlockStoreAndSucceeds() {
    ExecutorService workers = Executors.newSingleThreadExecutor();
    try (BufferAllocator root =
        new RootAllocator(AllocationListener.NOOP, Long.MAX_VALUE, MemoryRounding.INSTANCE)) {
      long limit = 1 << 20;
      ResourceManager rm = new ResourceManager(1, 0, limit, limit, root);
      SpillDirectory dir =
          new SpillDirectory(ExecutionOptions.builder().spillDir(tmp).build(), "limit");
      BufferAllocator scratch = rm.scratchAllocator("scratch");
      BlockStore store = new BlockStore(dir, workers, scratch);
      JobResources lease = rm.lease("job", store);
      BufferAllocator op = lease.allocator().newChildAllocator("op", 0, rm.allocatorLimit());
      var kept = store.newBuffer("kept");
      for (int i = 0;
          i < 5;
          i++) { // 5 x 160 KiB (ids, validity, rounded) kept: 800 KiB of the 1 MiB limit
        kept.add(ids(op, 16_384));
      }
      // 512 KiB more passes the limit: the listener spills the kept batches and Arrow retries
      try (ArrowBuf big = op.buffer(512 << 10)) {
        assertThat(big.capacity()).isEqualTo(512 << 10);
        assertThat(kept.spilledBytes()).isPositive();
        assertThat(kept.memoryBytes()).isZero();
      }
      // nothing left to spill: the same request past the limit fails, as Arrow would
      try (ArrowBuf held = op.buffer(768 << 10)) {
        assertThatThrownBy(() -> op.buffer(512 << 10)).isInstanceOf(OutOfMemoryException.class);
      }
      long[] back = {0, 0};
      kept.drain(
          op,
          b -> {
            back[0] += b.getRowCount();
            back[1] += ((BigIntVector) b.getVector("id")).get(b.getRowCount() - 1);
            b.close();
          });
      assertThat(back).containsExactly(5 * 16_384, 5 * 16_383);
      kept.close();
      op.close();
      lease.close();
      lease.allocator().close();
      store.close();
      scratch.close();
    } finally {
      workers.shutdownNow();
    }
  }
}
