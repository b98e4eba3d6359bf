package io.sluice.executor;

import static io.sluice.executor.LocalExecutorTest.ids;
import static io.sluice.executor.LocalExecutorTest.opts;
import static io.sluice.executor.LocalExecutorTest.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Compute.tasks().batchSize(n)} and {@code batchBytes(b)}: CPU tasks see re-cut batches. */
class TaskBatchSizeTest {

  @BeforeEach
  void reset() {
    CountingFactory.reset();
  }

  @Test
  void tasksGetBatchesOfExactlyBatchSizeRowsAcrossSmallBlocks() {
    // ~100-row blocks: a 64-row batch spans two blocks about every other time
    try (Sluice s = Sluice.local(opts().targetBlockBytes(8 * 100).build())) {
      Dataset ds = s.range(1000).mapBatches(new CountingFactory(0), Compute.tasks().batchSize(64));
      assertThat(ids(ds.takeAll())).isEqualTo(range(0, 1000));
      assertThat(CountingFactory.BATCH_ROWS).hasSize(16);
      assertThat(CountingFactory.BATCH_ROWS.stream().filter(n -> n != 64))
          .containsExactly(1000 % 64);
    }
  }

  @Test
  void withoutBatchSizeTasksTakeBlocksAsTheyCome() {
    try (Sluice s = Sluice.local(opts().targetBlockBytes(8 * 100).build())) {
      assertThat(s.range(1000).mapBatches(new CountingFactory(0), Compute.tasks()).count())
          .isEqualTo(1000);
      assertThat(CountingFactory.BATCH_ROWS).allSatisfy(n -> assertThat(n).isNotEqualTo(64));
    }
  }

  @Test
  void batchBytesCapsEachCallAndTheRowCapStillHolds() {
    try (Sluice s = Sluice.local(opts().targetBlockBytes(8 * 1000).build())) {
      // 8-byte ids: a 400-byte cap allows at most 50 rows per call
      List<Row> rows =
          s.range(3000)
              .mapBatches(new CountingFactory(0), Compute.tasks().batchBytes(400))
              .takeAll();
      assertThat(ids(rows)).isEqualTo(range(0, 3000));
      List<Integer> sizes = CountingFactory.BATCH_ROWS;
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3000);
      assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(1, 50));
      assertThat(sizes.stream().filter(n -> n >= 40).count())
          .isGreaterThanOrEqualTo(sizes.size() - 2);
    }
    CountingFactory.reset();
    try (Sluice s = Sluice.local(opts().targetBlockBytes(8 * 1000).build())) {
      long n =
          s.range(3000)
              .mapBatches(new CountingFactory(0), Compute.tasks().batchBytes(1 << 20).batchSize(70))
              .count();
      assertThat(n).isEqualTo(3000);
      assertThat(CountingFactory.BATCH_ROWS.stream().filter(r -> r != 70))
          .containsExactly(3000 % 70);
    }
  }

  @Test
  void actorsTakeTheByteCapToo() {
    try (Sluice s = Sluice.local(opts().targetBlockBytes(8 * 1000).build())) {
      long n =
          s.range(2000)
              .mapBatches(new CountingFactory(0), Compute.actors(2).batchSize(500).batchBytes(800))
              .count();
      assertThat(n).isEqualTo(2000);
      assertThat(CountingFactory.BATCH_ROWS).allSatisfy(r -> assertThat(r).isBetween(1, 100));
    }
  }

  @Test
  void computesWithDifferentBatchSizesDoNotCompareEqual() {
    assertThat(Compute.tasks().batchSize(64))
        .isNotEqualTo(Compute.tasks())
        .isEqualTo(Compute.tasks().batchSize(64));
    assertThat(Compute.tasks().batchBytes(1024)).isNotEqualTo(Compute.tasks());
    assertThat(Compute.actors(1).batchBytes(1024)).isNotEqualTo(Compute.actors(1));
    assertThat(Compute.tasks().batchSize(64).toString()).isEqualTo("tasks(cpus=1.0, batchSize=64)");
  }
}
