package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobIterator;
import io.sluice.api.JobResult;
import io.sluice.api.JobStats;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hard memory limit under adversarial operators. The guarantee: the job's Arrow memory stays
 * within the budget plus one block, where a block is what one task must hold at once (its input and
 * output cannot be split below one input block), and a budget smaller than that still completes,
 * one task at a time. Bounds are derived from row sizes, not measured.
 */
class MemoryLimitTest {

  static ExecutionOptions.Builder opts(long budget) {
    return ExecutionOptions.builder().cpuSlots(2).progress(false).memoryBudgetBytes(budget);
  }

  static long peak(JobStats stats) {
    return stats.peakMemoryBytes();
  }

  static final Schema BLOB =
      new Schema(
          List.of(
              Field.nullable("id", new ArrowType.Int(64, true)),
              Field.nullable("blob", new ArrowType.Binary())));

  /** Each input row becomes {@code factor} rows of {@code bytes} bytes. */
  static VectorSchemaRoot expand(VectorSchemaRoot in, BufferAllocator a, int factor, int bytes) {
    BigIntVector ids = (BigIntVector) in.getVector("id");
    int rows = in.getRowCount() * factor;
    VectorSchemaRoot out = VectorSchemaRoot.create(BLOB, a);
    BigIntVector id = (BigIntVector) out.getVector("id");
    VarBinaryVector blob = (VarBinaryVector) out.getVector("blob");
    id.allocateNew(rows);
    blob.allocateNew((long) rows * bytes, rows);
    byte[] payload = new byte[bytes];
    for (int i = 0; i < rows; i++) {
      id.set(i, ids.get(i / factor));
      blob.set(i, payload);
    }
    out.setRowCount(rows);
    return out;
  }

  @Test
  void hundredfoldExpansionStaysWithinBudgetPlusOneTask() {
    long budget = 4 << 20;
    long block = 16 << 10;
    try (Sluice s = Sluice.local(opts(budget).targetBlockBytes(block).build())) {
      // 50 read tasks of 2000 ids (16 KB); each 16 KB block becomes 100x more (1.6 MB) downstream
      var counted =
          s.read(new CountingSource(50, 2000, 0))
              .mapBatches((b, a) -> expand(b, a, 100, 0), Compute.tasks(), BLOB)
              .countWithStats();
      long rows = counted.value();
      assertThat(rows).isEqualTo(50L * 2000 * 100);
      // One task (one 16 KB input block: the policy caps its input once the ratio is known) outputs
      // 200,000 rows: 1.6 MB of ids and 0.8 MB of offsets, charged at most 1.25x (the pool's size
      // classes) = 3 MB. The budget (4 MiB) is below two tasks, so they run one at a time.
      long oneTask = 3_000_000;
      assertThat(peak(counted.stats())).isLessThanOrEqualTo(budget + oneTask);
    }
  }

  @Test
  void slowConsumerBackpressuresInsteadOfBuffering() throws Exception {
    long budget = 1 << 20;
    long block = 32 << 10;
    try (Sluice s = Sluice.local(opts(budget).targetBlockBytes(block).build())) {
      JobIterator<Row> it =
          s.read(new CountingSource(100, 4096, 0))
              .map(r -> Row.of("id", r.getLong("id") * 2))
              .iterator();
      try (it) {
        long n = 0;
        while (it.hasNext()) {
          assertThat(it.next().getLong("id")).isEqualTo(2 * n);
          if (++n % 20_000 == 0) {
            Thread.sleep(20); // a consumer far slower than the pipeline
          }
        }
        assertThat(n).isEqualTo(100 * 4096);
      }
      // the job's stats are final once the iterator closed
      assertThat(peak(it.stats())).isLessThanOrEqualTo(budget + block + (4 << 10));
    }
  }

  @Test
  void hugeSingleRowsLargerThanBlocksStillComplete() {
    long budget = 6 << 20;
    int rowBytes = 2 << 20; // each row is 16x the target block size, a third of the budget
    try (Sluice s = Sluice.local(opts(budget).targetBlockBytes(128 << 10).build())) {
      var counted =
          s.read(new CountingSource(20, 1, 0))
              .mapBatches((b, a) -> expand(b, a, 1, rowBytes), Compute.tasks(), BLOB)
              .countWithStats();
      long rows = counted.value();
      assertThat(rows).isEqualTo(20);
      // one task per row (input capped at what its 2 MiB output leaves room for), so one block
      // (the row, its id and offsets) is the most the budget can be overrun by
      assertThat(peak(counted.stats())).isLessThanOrEqualTo(budget + rowBytes + (64 << 10));
    }
  }

  @Test
  void budgetSmallerThanOneBlockRunsOneTaskAtATime() {
    try (Sluice s = Sluice.local(opts(1).targetBlockBytes(64 << 10).build())) {
      var counted =
          s.read(new CountingSource(30, 8192, 0))
              .mapBatches((b, a) -> expand(b, a, 2, 8), Compute.tasks(), BLOB)
              .countWithStats();
      long rows = counted.value();
      assertThat(rows).isEqualTo(30L * 8192 * 2);
      // One task at a time: its input block (8192 ids, 65 KB) and its output (16,384 rows of id,
      // offset and 8-byte payload: 330 KB), each charged at most 1.25x by the pool's size classes,
      // plus the offsets copied while the output is cut into 64 KiB blocks (at most a quarter
      // more).
      long readBlock = 8192L * 8 * 5 / 4;
      long taskOutput = 16_384L * (8 + 4 + 8) * 5 / 4;
      assertThat(peak(counted.stats())).isLessThanOrEqualTo(readBlock + taskOutput * 5 / 4);
    }
  }

  @Test
  void materializeOverBudgetSpillsOldestBlocksAndReadsThemBack(@TempDir Path spill)
      throws Exception {
    long budget = 1 << 20;
    long block = 64 << 10;
    try (Sluice s = Sluice.local(opts(budget).targetBlockBytes(block).spillDir(spill).build())) {
      // 4 MiB of ids: 4x the budget, 8x what materialize keeps in memory
      JobResult<Dataset> kept = s.read(new CountingSource(16, 32_768, 0)).materializeWithStats();
      Dataset m = kept.value();
      long held = s.backend().allocator().getAllocatedMemory();
      // Half the budget stays in memory, plus the block that crossed it. Blocks cut from one read
      // batch (32,768 ids) share its buffers, which are freed when its last block is spilled; so
      // "one block" here is one read batch, charged at most 1.25x.
      long readBatch = 32_768L * 8 * 5 / 4;
      assertThat(held).isLessThanOrEqualTo(budget / 2 + readBatch);
      // what materialize spilled (all of it but that half budget and batch) counts in its job's
      // stats
      JobStats stats = kept.stats();
      assertThat(stats.spilledBytes("materialize"))
          .isGreaterThanOrEqualTo(3L << 20)
          .isEqualTo(stats.spilledBytes());
      assertThat(stats.spillFileBytes()).isPositive();
      assertThat(stats.spillTime()).isPositive();
      assertThat(stats.toTable()).contains("; materialize ");
      try (var files = Files.walk(spill)) {
        assertThat(files.filter(Files::isRegularFile).count()).isGreaterThan(0);
      }
      for (int pass = 0; pass < 2; pass++) { // read back any number of times, exactly
        long[] sum = {0, 0};
        try (var st = m.streamBatches()) {
          VectorSchemaRoot b;
          while ((b = st.next()) != null) {
            BigIntVector id = (BigIntVector) b.getVector("id");
            for (int r = 0; r < b.getRowCount(); r++) {
              sum[0] += id.get(r);
              sum[1]++;
            }
            b.close();
          }
        }
        long n = 16L * 32_768;
        assertThat(sum[1]).isEqualTo(n);
        assertThat(sum[0]).isEqualTo(n * (n - 1) / 2);
      }
    }
    try (var files = Files.walk(spill)) { // the session closed: its spill files are gone
      assertThat(files.filter(Files::isRegularFile).count()).isZero();
    }
  }
}
