package io.sluice.executor.op;

import io.sluice.api.SortKey;
import io.sluice.operators.sort.RowGather;
import io.sluice.operators.sort.SortKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * External sort by one or more keys with range partitioning: keys are sampled as input arrives, the
 * sample's quantiles become partition boundaries, rows are scattered by key range (spilling), and
 * each partition is sorted in memory and emitted in partition order. The sort is stable: equal keys
 * keep their input order. Nulls come last in each key, so rows with null keys share the last
 * partitions.
 */
public final class SortOperator extends AllToAllOperator {

  private static final int SAMPLES_PER_BLOCK = 64;
  private static final int MAX_SAMPLES = 20_000;

  private final SortKeys keys;
  private final Random sampler = new Random(0x5EED);
  private final List<Object[]> sample = new ArrayList<>();
  private long sampledBlocks;
  private Object[][] bounds;

  /** Orders by {@code keys}, most significant first. */
  public SortOperator(String name, List<SortKey> keys) {
    super(name);
    this.keys = new SortKeys(keys);
  }

  @Override
  protected void observe(VectorSchemaRoot batch) {
    int rows = batch.getRowCount();
    if (rows == 0) {
      return;
    }
    FieldVector[] v = keys.vectors(batch);
    sampledBlocks++;
    for (int i = 0; i < Math.min(SAMPLES_PER_BLOCK, rows); i++) {
      Object[] k = keys.key(v, sampler.nextInt(rows));
      if (sample.size() < MAX_SAMPLES) {
        sample.add(k);
      } else {
        // Reservoir over blocks: later blocks replace earlier samples with falling probability.
        long slot = (long) (sampler.nextDouble() * sampledBlocks * SAMPLES_PER_BLOCK);
        if (slot < MAX_SAMPLES) {
          sample.set((int) slot, k);
        }
      }
    }
  }

  @Override
  protected int partitionCount(long rows, long bytes) {
    int p = partitionsFor(rows, bytes);
    List<Object[]> sorted = new ArrayList<>(sample);
    sorted.sort(keys.order());
    List<Object[]> b = new ArrayList<>();
    for (int i = 1; i < p && !sorted.isEmpty(); i++) {
      Object[] q = sorted.get((int) ((long) i * sorted.size() / p));
      if (b.isEmpty() || keys.order().compare(b.get(b.size() - 1), q) < 0) {
        b.add(q); // duplicate quantiles (skewed keys) collapse: their rows share a partition
      }
    }
    bounds = b.toArray(new Object[0][]);
    return bounds.length + 1;
  }

  @Override
  protected void assign(VectorSchemaRoot batch, int[] partitionOfRow) {
    FieldVector[] v = keys.vectors(batch);
    Comparator<Object[]> order = keys.order();
    for (int r = 0; r < partitionOfRow.length; r++) {
      Object[] k = keys.key(v, r);
      // First boundary greater than k: rows equal to a boundary go right of it.
      int lo = 0;
      int hi = bounds.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (order.compare(bounds[mid], k) <= 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      partitionOfRow[r] = lo;
    }
  }

  @Override
  protected VectorSchemaRoot finish(int p, VectorSchemaRoot rows, BufferAllocator allocator) {
    try {
      Object[][] k = keys.keys(rows);
      Integer[] order = new Integer[k.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Comparator<Object[]> cmp = keys.order();
      Arrays.sort(order, (x, y) -> cmp.compare(k[x], k[y])); // TimSort: stable
      int[] idx = new int[order.length];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = order[i];
      }
      return RowGather.take(rows, idx, 0, idx.length, allocator);
    } finally {
      rows.close();
    }
  }

  /** Partition boundaries chosen (for tests and diagnostics); empty before the input ended. */
  List<Object[]> bounds() {
    return bounds == null ? List.of() : Collections.unmodifiableList(Arrays.asList(bounds));
  }
}
