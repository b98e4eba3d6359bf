package io.sluice.executor.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spills written on workers: the caller does not wait, order holds, reads and close wait for the
 * disk.
 */
class AsyncSpillTest {

  @TempDir Path tmp;

  @Test
  void spillsAreWrittenOnAWorkerAndDrainInAddOrder() throws Exception {
    ExecutorService workers = Executors.newSingleThreadExecutor(r -> new Thread(r, "spill-worker"));
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> writer = new AtomicReference<>();
    try (BufferAllocator a = new RootAllocator();
        SpillDirectory d =
            new SpillDirectory(ExecutionOptions.builder().spillDir(tmp).build(), "async")) {
      BlockStore store = new BlockStore(d, workers, a);
      SpillableBuffer buf = store.newBuffer("op-in");
      List<VectorSchemaRoot> expected = new ArrayList<>();
      // the worker is held until the caller has gone on: a synchronous write would deadlock here
      workers.execute(
          () -> {
            writer.set(Thread.currentThread().getName());
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      for (int i = 0; i < 6; i++) {
        expected.add(SpillFileTest.batch(a, 300 + i, i));
        buf.add(SpillFileTest.batch(a, 300 + i, i));
        if (i == 1 || i == 3) {
          long held = buf.heldBytes();
          assertThat(
                  store.spillAsync(
                      buf,
                      t -> {
                        throw new AssertionError(t);
                      }))
              .isPositive();
          // queued behind the held worker: still in memory, counted, but no longer spillable again
          assertThat(buf.memoryBytes()).isZero();
          assertThat(buf.heldBytes()).isEqualTo(held);
        }
      }
      assertThat(d.stats().files()).isZero(); // nothing written yet: the caller did not wait
      release.countDown();
      List<VectorSchemaRoot> back = new ArrayList<>();
      buf.drain(a, back::add); // waits for both runs, then reads runs, then memory
      assertThat(writer.get()).isEqualTo("spill-worker");
      assertThat(d.stats().files()).isEqualTo(2);
      assertThat(back).hasSize(6);
      for (int i = 0; i < 6; i++) {
        BigIntVector e = (BigIntVector) expected.get(i).getVector("id");
        BigIntVector g = (BigIntVector) back.get(i).getVector("id");
        assertThat(back.get(i).getRowCount()).isEqualTo(300 + i);
        for (int r = 0; r < e.getValueCount(); r++) {
          assertThat(g.isNull(r)).isEqualTo(e.isNull(r));
          if (!e.isNull(r)) {
            assertThat(g.get(r)).isEqualTo(e.get(r));
          }
        }
      }
      expected.forEach(VectorSchemaRoot::close);
      back.forEach(VectorSchemaRoot::close);
      buf.close();
      store.close();
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  void closeWaitsForARunBeingWrittenAndDeletesIt() throws Exception {
    ExecutorService workers = Executors.newSingleThreadExecutor();
    try (BufferAllocator a = new RootAllocator();
        SpillDirectory d =
            new SpillDirectory(ExecutionOptions.builder().spillDir(tmp).build(), "close")) {
      SpillableBuffer buf = new SpillableBuffer(d, "x");
      buf.add(SpillFileTest.batch(a, 5000, 1));
      buf.spillAsync(workers, a, t -> {});
      buf.close(); // must not free the batch under the writer, nor leave its file
      assertThat(buf.heldBytes()).isZero();
      assertThat(d.usedBytes()).isZero();
    } finally { // the allocator closed without a leak: the batch was freed after its write
      workers.shutdownNow();
    }
  }
}
