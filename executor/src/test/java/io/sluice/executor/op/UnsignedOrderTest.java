package io.sluice.executor.op;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Aggregate;
import io.sluice.api.SortKey;
import io.sluice.operators.group.GroupState;
import io.sluice.operators.sort.SortKeys;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * Unsigned integer columns order as unsigned in sort keys and in min/max (Arrow reads them signed).
 */
class UnsignedOrderTest {

  @Test
  void sortKeysAndMinMaxOrderUnsignedValuesAsUnsigned() {
    try (BufferAllocator allocator = new RootAllocator();
        UInt1Vector u1 = new UInt1Vector("u1", allocator);
        UInt4Vector u4 = new UInt4Vector("u4", allocator);
        UInt8Vector u8 = new UInt8Vector("u8", allocator)) {
      // rows: 0 small, 1 above the signed range (negative when read signed), 2 null, 3 mid
      u1.allocateNew(4);
      u1.set(0, 1);
      u1.set(1, (byte) 200);
      u1.setNull(2);
      u1.set(3, 100);
      u4.allocateNew(4);
      u4.set(0, 5);
      u4.set(1, (int) 3_000_000_000L);
      u4.setNull(2);
      u4.set(3, 2_000_000_000);
      u8.allocateNew(4);
      u8.set(0, 7);
      u8.set(1, Long.MIN_VALUE + 1); // 2^63 + 1 unsigned
      u8.setNull(2);
      u8.set(3, Long.MAX_VALUE);
      for (FieldVector v : List.<FieldVector>of(u1, u4, u8)) {
        v.setValueCount(4);
      }
      try (VectorSchemaRoot batch = new VectorSchemaRoot(List.<FieldVector>of(u1, u4, u8))) {
        for (String column : List.of("u1", "u4", "u8")) {
          SortKeys asc = new SortKeys(List.of(SortKey.asc(column)));
          assertThat(sortedRows(asc, batch)).as(column + " ascending").containsExactly(0, 3, 1, 2);
          SortKeys desc = new SortKeys(List.of(SortKey.desc(column)));
          assertThat(sortedRows(desc, batch))
              .as(column + " descending")
              .containsExactly(1, 3, 0, 2);

          FieldVector v = batch.getVector(column);
          GroupState g = new GroupState(0, 2);
          List<Aggregate> aggs = List.of(Aggregate.min(column), Aggregate.max(column));
          for (int r = 0; r < 4; r++) {
            g.add(aggs, new FieldVector[] {v, v}, r);
          }
          assertThat(g.bestRow(0)).as(column + " min").isEqualTo(0);
          assertThat(g.bestRow(1)).as(column + " max").isEqualTo(1);
        }
        assertThat(SortKeys.comparable(u8, 1, "sort"))
            .isEqualTo(BigInteger.ONE.shiftLeft(63).add(BigInteger.ONE));
      }
    }
  }

  private static List<Integer> sortedRows(SortKeys keys, VectorSchemaRoot batch) {
    Object[][] k = keys.keys(batch);
    Integer[] rows = {0, 1, 2, 3};
    Arrays.sort(rows, (a, b) -> keys.order().compare(k[a], k[b]));
    return List.of(rows);
  }
}
