package io.sluice.operators.group;

import io.sluice.api.Aggregate;
import io.sluice.api.plan.AggregateNode;
import io.sluice.operators.sort.SortKeys;
import java.io.Serializable;
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
 * The two halves of a group-by that both backends run: {@link #partitions} sends every row of a
 * group to one partition (by a hash of its key values, the same in every JVM: the values are
 * strings, boxed numbers, byte buffers, dates, whose hashes are defined by value), and {@link
 * #aggregate} turns one partition's rows into one row per group, groups in order of first
 * appearance. Null keys group together, as in SQL. Serializable, so a distributed backend can ship
 * it to its workers; instances hold no per-call state and may be shared.
 */
public final class GroupAggregation implements Serializable {

  private static final long serialVersionUID = 1L;
  // Aggregate is a record that is not Serializable: kept as its parts.
  private final String[] keys;
  private final Aggregate.Kind[] kinds;
  private final String[] columns;
  private final String[] names;

  public GroupAggregation(List<String> keys, List<Aggregate> aggregates) {
    this.keys = keys.toArray(String[]::new);
    this.kinds = aggregates.stream().map(Aggregate::kind).toArray(Aggregate.Kind[]::new);
    this.columns = aggregates.stream().map(Aggregate::column).toArray(String[]::new);
    this.names = aggregates.stream().map(Aggregate::name).toArray(String[]::new);
  }

  public static GroupAggregation of(AggregateNode node) {
    return new GroupAggregation(node.keys(), node.aggregates());
  }

  private List<Aggregate> aggregates() {
    List<Aggregate> out = new ArrayList<>(kinds.length);
    for (int i = 0; i < kinds.length; i++) {
      out.add(new Aggregate(kinds[i], columns[i], names[i]));
    }
    return out;
  }

  /**
   * Sets {@code partitionOfRow[r]} to row r's partition in {@code [0, partitions)}: rows with equal
   * keys (nulls included) get the same partition, in every JVM. {@code partitionOfRow} has one
   * entry per row of {@code batch}.
   */
  public void partitions(VectorSchemaRoot batch, int partitions, int[] partitionOfRow) {
    if (partitions == 1) {
      Arrays.fill(partitionOfRow, 0);
      return;
    }
    FieldVector[] k = keyVectors(batch);
    for (int r = 0; r < partitionOfRow.length; r++) {
      int h = key(k, r).hashCode() * 0x9E3779B1; // spread: List hashes of small ints are clustered
      partitionOfRow[r] = Math.floorMod(h ^ (h >>> 16), partitions);
    }
  }

  /**
   * One row per group of {@code rows}: the key columns, then each aggregate (the schema of {@link
   * AggregateNode#outputSchema}). {@code rows} must hold every row of the groups it holds (one
   * partition of {@link #partitions}); it stays its caller's. The result is accounted to {@code
   * allocator} and owned by the caller.
   */
  public VectorSchemaRoot aggregate(VectorSchemaRoot rows, BufferAllocator allocator) {
    List<Aggregate> aggs = aggregates();
    FieldVector[] k = keyVectors(rows);
    FieldVector[] inputs = new FieldVector[aggs.size()];
    for (int i = 0; i < inputs.length; i++) {
      String c = aggs.get(i).column();
      inputs[i] = c == null ? null : SortKeys.column(rows, c, aggs.get(i).name());
    }
    Map<List<Object>, GroupState> groups = new LinkedHashMap<>();
    for (int r = 0; r < rows.getRowCount(); r++) {
      int row = r;
      groups.computeIfAbsent(key(k, r), x -> new GroupState(row, aggs.size())).add(aggs, inputs, r);
    }
    return output(rows, aggs, k, inputs, new ArrayList<>(groups.values()), allocator);
  }

  private VectorSchemaRoot output(
      VectorSchemaRoot rows,
      List<Aggregate> aggs,
      FieldVector[] k,
      FieldVector[] inputs,
      List<GroupState> groups,
      BufferAllocator allocator) {
    VectorSchemaRoot out =
        VectorSchemaRoot.create(
            AggregateNode.outputSchema(rows.getSchema(), List.of(keys), aggs), allocator);
    try {
      int n = groups.size();
      out.getFieldVectors()
          .forEach(
              v -> {
                v.setInitialCapacity(n);
                v.allocateNew();
              });
      for (int c = 0; c < k.length; c++) {
        FieldVector dst = out.getVector(c);
        for (int g = 0; g < n; g++) {
          dst.copyFromSafe(groups.get(g).firstRow, g, k[c]);
        }
      }
      for (int i = 0; i < inputs.length; i++) {
        fill(aggs.get(i), i, out.getVector(k.length + i), inputs[i], groups);
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
    FieldVector[] out = new FieldVector[keys.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = SortKeys.column(batch, keys[i], "groupBy");
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
