package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import io.sluice.api.SluiceException;
import io.sluice.api.SortOrder;
import io.sluice.api.spi.BatchStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * repartition, randomShuffle and sort on data several times the memory budget: exact results, spill
 * files gone after success and failure, the disk-full error, budgets smaller than one block.
 */
class AllToAllTest {

  static final int ROWS = 400_000; // 2 columns of int64: 6.4 MB of data
  static final long BUDGET = 1 << 20; // 1 MiB: the data is 6x the budget

  @TempDir Path spill;

  ExecutionOptions.Builder opts() {
    return ExecutionOptions.builder()
        .cpuSlots(2)
        .progress(false)
        .spillDir(spill)
        .memoryBudgetBytes(BUDGET)
        .targetBlockBytes(128 << 10);
  }

  static final Schema KEYED =
      new Schema(
          List.of(
              Field.nullable("id", new ArrowType.Int(64, true)),
              Field.nullable("k", new ArrowType.Int(64, true))));

  static long key(long id) {
    return (id * 2654435761L) % 1000;
  }

  /** id plus a pseudo-random key k in [0, 1000) (many duplicates, so stability is visible). */
  static Dataset keyed(Sluice s, int rows) {
    return s.range(rows)
        .mapBatches(
            (b, a) -> {
              BigIntVector in = (BigIntVector) b.getVector("id");
              VectorSchemaRoot out = VectorSchemaRoot.create(KEYED, a);
              out.allocateNew();
              BigIntVector id = (BigIntVector) out.getVector("id");
              BigIntVector k = (BigIntVector) out.getVector("k");
              for (int i = 0; i < b.getRowCount(); i++) {
                id.setSafe(i, in.get(i));
                k.setSafe(i, key(in.get(i)));
              }
              out.setRowCount(b.getRowCount());
              return out;
            },
            Compute.tasks(),
            KEYED);
  }

  /** Every output row as {id, k}, plus the row count of each output block. */
  List<long[]> collect(Dataset ds, List<Integer> blockRows) {
    List<long[]> rows = new ArrayList<>();
    try (BatchStream st = ds.streamBatches()) {
      VectorSchemaRoot b;
      while ((b = st.next()) != null) {
        BigIntVector id = (BigIntVector) b.getVector("id");
        BigIntVector k = (BigIntVector) b.getVector("k");
        for (int i = 0; i < b.getRowCount(); i++) {
          rows.add(new long[] {id.get(i), k == null ? 0 : k.get(i)});
        }
        blockRows.add(b.getRowCount());
        b.close();
      }
      collected = st.stats();
    }
    return rows;
  }

  private long spillFiles() throws Exception {
    try (Stream<Path> s = Files.walk(spill)) {
      return s.filter(p -> !p.equals(spill)).count();
    }
  }

  /** The figures of the last job {@link #collect} ran. */
  private JobStats collected;

  private void assertSpilled() {
    JobStats st = collected;
    assertThat(st.spilledBytes()).as("spilled bytes").isGreaterThan(ROWS * 16L);
    assertThat(st.spillFileBytes()).isPositive();
    assertThat(st.toTable()).contains("spilled:");
    // every spilled byte is attributed to an operator (the all-to-all one keeps them)
    long byOperator = st.operators().stream().mapToLong(o -> st.spilledBytes(o.name())).sum();
    assertThat(byOperator).isEqualTo(st.spilledBytes());
  }

  @Test
  void sortIsExactAndStableOnSixTimesTheBudget() throws Exception {
    try (Sluice s = Sluice.local(opts().build())) {
      List<long[]> got = collect(keyed(s, ROWS).sort("k"), new ArrayList<>());
      List<long[]> expected = new ArrayList<>();
      for (long i = 0; i < ROWS; i++) {
        expected.add(new long[] {i, key(i)});
      }
      expected.sort(Comparator.comparingLong(r -> r[1])); // List.sort is stable
      assertThat(got).hasSize(ROWS);
      for (int i = 0; i < ROWS; i++) {
        assertThat(got.get(i)).as("row %d", i).containsExactly(expected.get(i));
      }
      assertSpilled();
      assertThat(spillFiles()).isZero();
    }
  }

  @Test
  void descendingSort() {
    try (Sluice s = Sluice.local(opts().build())) {
      List<long[]> got =
          collect(keyed(s, 50_000).sort("id", SortOrder.DESCENDING), new ArrayList<>());
      assertThat(got).hasSize(50_000);
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i)[0]).isEqualTo(49_999 - i);
      }
    }
  }

  @Test
  void randomShuffleIsAPermutationAndRepeatableOnSixTimesTheBudget() throws Exception {
    try (Sluice s = Sluice.local(opts().build())) {
      long[] first =
          collect(keyed(s, ROWS).randomShuffle(7), new ArrayList<>()).stream()
              .mapToLong(r -> r[0])
              .toArray();
      assertSpilled();
      long[] again =
          collect(keyed(s, ROWS).randomShuffle(7), new ArrayList<>()).stream()
              .mapToLong(r -> r[0])
              .toArray();
      long[] other =
          collect(keyed(s, ROWS).randomShuffle(8), new ArrayList<>()).stream()
              .mapToLong(r -> r[0])
              .toArray();
      assertThat(again).isEqualTo(first);
      assertThat(other).isNotEqualTo(first);
      int inPlace = 0;
      for (int i = 0; i < first.length; i++) {
        inPlace += first[i] == i ? 1 : 0;
      }
      assertThat(inPlace).as("rows left in place").isLessThan(100);
      long[] sorted = first.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < ROWS; i++) {
        assertThat(sorted[i]).isEqualTo(i);
      }
      assertThat(spillFiles()).isZero();
    }
  }

  @Test
  void repartitionKeepsOrderAndCutsEqualPartitions() throws Exception {
    try (Sluice s = Sluice.local(opts().targetBlockBytes(8 << 20).build())) {
      // small partitions: one block each
      List<Integer> blocks = new ArrayList<>();
      List<long[]> got = collect(keyed(s, 1000).repartition(7), blocks);
      assertThat(blocks).containsExactly(142, 143, 143, 143, 143, 143, 143);
      assertThat(got.stream().mapToLong(r -> r[0]).toArray())
          .isEqualTo(LongStream.range(0, 1000).toArray());
    }
    try (Sluice s = Sluice.local(opts().build())) {
      // 6x the budget: 3 partitions of 2.1 MB, each cut into several blocks, exact and in order
      List<Integer> blocks = new ArrayList<>();
      List<long[]> got = collect(keyed(s, ROWS).repartition(3), blocks);
      assertThat(got.stream().mapToLong(r -> r[0]).toArray())
          .isEqualTo(LongStream.range(0, ROWS).toArray());
      assertThat(blocks.stream().mapToInt(Integer::intValue).sum()).isEqualTo(ROWS);
      // no block straddles a partition boundary (rows 133333 and 266666 start partitions)
      long start = 0;
      List<Long> starts = new ArrayList<>();
      for (int n : blocks) {
        starts.add(start);
        start += n;
      }
      assertThat(starts).contains(133_333L, 266_666L);
      assertSpilled();
      assertThat(spillFiles()).isZero();
    }
  }

  @Test
  void spillFilesAreDeletedWhenTheJobFails() throws Exception {
    try (Sluice s = Sluice.local(opts().build())) {
      Dataset ds =
          keyed(s, ROWS)
              .sort("k")
              .mapBatches(
                  (b, a) -> {
                    throw new IllegalStateException("downstream of the sort failed");
                  });
      assertThatThrownBy(ds::count)
          .hasMessageContaining("downstream of the sort failed")
          .satisfies(
              e ->
                  assertThat(SluiceException.jobStatsOf(e).orElseThrow().spilledBytes())
                      .as("the failure carries its job's figures")
                      .isPositive());
      assertThat(spillFiles()).isZero();
    }
  }

  @Test
  void fullSpillDiskFailsWithTheDirectoryAndBytesNeeded() throws Exception {
    try (Sluice s = Sluice.local(opts().spillQuotaBytes(64 << 10).build())) {
      assertThatThrownBy(() -> keyed(s, ROWS).sort("k").count())
          .isInstanceOf(SluiceException.class)
          .hasMessageContaining(spill.toString())
          .hasMessageContaining("spillQuotaBytes")
          .hasMessageMatching("(?s).*cannot spill \\d+ B to .*");
      assertThat(spillFiles()).isZero();
    }
  }

  /**
   * Damages every spill file on disk when the batch holding the last id passes (its rows have not
   * reached the sort yet, so no run has been read): a flipped bit, or the last 100 bytes cut.
   */
  private Dataset damagingSpillBeforeTheMerge(Sluice s, boolean truncate, AtomicInteger hit) {
    return keyed(s, ROWS)
        .mapBatches(
            (b, a) -> {
              BigIntVector id = (BigIntVector) b.getVector("id");
              if (id.get(b.getRowCount() - 1) == ROWS - 1) {
                try (Stream<Path> files = Files.walk(spill)) {
                  for (Path f : files.filter(p -> p.toString().endsWith(".arrows")).toList()) {
                    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                      if (raf.length() > 200) {
                        if (truncate) {
                          raf.setLength(raf.length() - 100);
                        } else {
                          long pos = raf.length() / 2;
                          raf.seek(pos);
                          int v = raf.read();
                          raf.seek(pos);
                          raf.write(v ^ 0x10);
                        }
                        hit.incrementAndGet();
                      }
                    }
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
              VectorSchemaRoot out = VectorSchemaRoot.create(KEYED, a);
              out.allocateNew();
              for (int i = 0; i < b.getRowCount(); i++) {
                ((BigIntVector) out.getVector("id")).setSafe(i, id.get(i));
                ((BigIntVector) out.getVector("k"))
                    .setSafe(i, ((BigIntVector) b.getVector("k")).get(i));
              }
              out.setRowCount(b.getRowCount());
              return out;
            },
            Compute.tasks(),
            KEYED)
        .sort("k");
  }

  @Test
  void aFlippedBitInASpillFileFailsTheJobNamingTheFileAndBlock() throws Exception {
    var hit = new AtomicInteger();
    try (Sluice s = Sluice.local(opts().build())) {
      assertThatThrownBy(() -> damagingSpillBeforeTheMerge(s, false, hit).count())
          .isInstanceOf(SluiceException.class)
          .hasMessageMatching(
              "(?s).*spill file "
                  + Pattern.quote(spill.toString())
                  + ".*\\.arrows is corrupt: block \\d+ \\(record batch \\d+ of \\d+, bytes \\d+\\.\\.\\d+\\) fails its CRC32C.*");
      assertThat(hit.get()).as("spill files damaged").isPositive();
      assertThat(spillFiles()).isZero();
    }
  }

  @Test
  void aCutSpillFileFailsTheJobNamingTheFileAndBlock() throws Exception {
    var hit = new AtomicInteger();
    try (Sluice s = Sluice.local(opts().build())) {
      // a file cut while its writer still appends gets a zero-filled hole instead: corrupt, not
      // short
      assertThatThrownBy(() -> damagingSpillBeforeTheMerge(s, true, hit).count())
          .isInstanceOf(SluiceException.class)
          .hasMessageMatching(
              "(?s).*spill file .*\\.arrows is (truncated|corrupt): .*block \\d+ .*");
      assertThat(hit.get()).as("spill files damaged").isPositive();
      assertThat(spillFiles()).isZero();
    }
  }

  @Test
  void sortByAMissingColumnFailsBeforeRunning() {
    try (Sluice s = Sluice.local(opts().build())) {
      assertThatThrownBy(() -> keyed(s, 10).sort("nope").count()).hasMessageContaining("nope");
    }
  }

  @Test
  void budgetSmallerThanOneBlockStillSortsBySpilling() throws Exception {
    try (Sluice s = Sluice.local(opts().memoryBudgetBytes(4096).build())) {
      List<long[]> got = collect(keyed(s, 100_000).sort("id"), new ArrayList<>());
      assertThat(got).hasSize(100_000);
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i)[0]).isEqualTo(i);
      }
      assertThat(collected.spilledBytes()).isPositive();
      assertThat(spillFiles()).isZero();
    }
  }
}
