package io.sluice.executor.op;

import io.sluice.api.Aggregate;
import io.sluice.api.plan.AggregateNode;
import io.sluice.operators.sort.SortKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Group-by with aggregates over the spillable all-to-all machinery: rows are hash-partitioned by
 * their key (so every row of a group lands in one partition, spilled like a sort's), and each
 * partition is aggregated in memory into one output batch of one row per group, groups in order of
 * first appearance. Null keys group together, as in SQL.
 */
public final class AggregateOperator extends AllToAllOperator {

  private final AggregateNode node;
  private int partitions = 1;

  public AggregateOperator(String name, AggregateNode node) {
    super(name);
    this.node = node;
  }

  @Override
  protected int partitionCount(long rows, long bytes) {
    partitions = partitionsFor(rows, bytes);
    return partitions;
  }

  @Override
  protected void assign(VectorSchemaRoot batch, int[] partitionOfRow) {
    if (partitions == 1) {
      Arrays.fill(partitionOfRow, 0);
      return;
    }
    FieldVector[] keys = keyVectors(batch);
    for (int r = 0; r < partitionOfRow.length; r++) {
      int h =
          key(keys, r).hashCode() * 0x9E3779B1; // spread: List hashes of small ints are clustered
      partitionOfRow[r] = Math.floorMod(h ^ (h >>> 16), partitions);
    }
  }

  @Override
  protected VectorSchemaRoot finish(int p, VectorSchemaRoot rows, BufferAllocator allocator) {
    try (rows) {
      List<Aggregate> aggs = node.aggregates();
      FieldVector[] keys = keyVectors(rows);
      FieldVector[] inputs = new FieldVector[aggs.size()];
      for (int i = 0; i < inputs.length; i++) {
        String c = aggs.get(i).column();
        inputs[i] = c == null ? null : SortKeys.column(rows, c, aggs.get(i).name());
      }
      Map<List<Object>, GroupState> groups = new LinkedHashMap<>();
      for (int r = 0; r < rows.getRowCount(); r++) {
        int row = r;
        groups
            .computeIfAbsent(key(keys, r), k -> new GroupState(row, aggs.size()))
            .add(aggs, inputs, r);
      }
      return output(rows, keys, inputs, new ArrayList<>(groups.values()), allocator);
    }
  }

  private VectorSchemaRoot output(
      VectorSchemaRoot rows,
      FieldVector[] keys,
      FieldVector[] inputs,
      List<GroupState> groups,
      BufferAllocator allocator) {
    VectorSchemaRoot out = VectorSchemaRoot.create(node.outputSchema(rows.getSchema()), allocator);
    try {
      int n = groups.size();
      out.getFieldVectors()
          .forEach(
              v -> {
                v.setInitialCapacity(n);
                v.allocateNew();
              });
      for (int k = 0; k < keys.length; k++) {
        FieldVector dst = out.getVector(k);
        for (int g = 0; g < n; g++) {
          dst.copyFromSafe(groups.get(g).firstRow, g, keys[k]);
        }
      }
      for (int i = 0; i < inputs.length; i++) {
        fill(node.aggregates().get(i), i, out.getVector(keys.length + i), inputs[i], groups);
      }
      out.getFieldVectors().forEach(v -> v.setValueCount(n));
      out.setRowCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private static void fill(
      Aggregate a, int i, FieldVector dst, FieldVector in, List<GroupState> groups) {
    for (int g = 0; g < groups.size(); g++) {
      GroupState s = groups.get(g);
      long count = s.count(i);
      switch (a.kind()) {
        case COUNT -> ((BigIntVector) dst).setSafe(g, count);
        case MEAN -> {
          if (count == 0) {
            dst.setNull(g);
          } else {
            ((Float8Vector) dst).setSafe(g, s.doubleSum(i) / count);
          }
        }
        case SUM -> {
          if (count == 0) {
            dst.setNull(g);
          } else if (dst instanceof BigIntVector b) {
            b.setSafe(g, s.longSum(i));
          } else {
            ((Float8Vector) dst).setSafe(g, s.doubleSum(i));
          }
        }
        case MIN, MAX -> {
          int row = s.bestRow(i);
          if (row < 0) {
            dst.setNull(g);
          } else {
            dst.copyFromSafe(row, g, in);
          }
        }
      }
    }
  }

  private FieldVector[] keyVectors(VectorSchemaRoot batch) {
    FieldVector[] out = new FieldVector[node.keys().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = SortKeys.column(batch, node.keys().get(i), "groupBy");
    }
    return out;
  }

  /** Row {@code r}'s key: its key values with value equality (nulls included). */
  private static List<Object> key(FieldVector[] keys, int r) {
    Object[] k = new Object[keys.length];
    for (int i = 0; i < k.length; i++) {
      k[i] = SortKeys.comparable(keys[i], r, "groupBy");
    }
    return Arrays.asList(k);
  }
}
