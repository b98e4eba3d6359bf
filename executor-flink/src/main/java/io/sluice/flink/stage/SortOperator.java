package io.sluice.flink.stage;

import io.sluice.api.SortKey;
import io.sluice.api.SortOrder;
import io.sluice.operators.sort.SortKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * sort's single subtask: all rows, ordered by the keys with the local backend's comparison ({@link
 * SortKeys}: key by key, each in its direction, nulls last), stably in arrival order. Run with
 * parallelism 1, so its output is one ordered stream; rows with equal keys arrive from parallel
 * subtasks in no fixed order, so their relative order can differ from the local backend's.
 */
public final class SortOperator extends WholeInputOperator {

  private static final long serialVersionUID = 1L;
  // SortKey is not Serializable; operators travel to the TaskManagers Java-serialized
  private final String[] columns;
  private final SortOrder[] orders;

  public SortOperator(String operator, List<SortKey> keys, long targetBlockBytes) {
    super(operator, targetBlockBytes);
    this.columns = keys.stream().map(SortKey::column).toArray(String[]::new);
    this.orders = keys.stream().map(SortKey::order).toArray(SortOrder[]::new);
  }

  @Override
  protected void finish(VectorSchemaRoot rows, int subtask, BufferAllocator allocator) {
    emit(rows, order(rows, subtask), allocator);
  }

  private int[] order(VectorSchemaRoot rows, int subtask) {
    List<SortKey> keys = new ArrayList<>();
    for (int i = 0; i < columns.length; i++) {
      keys.add(new SortKey(columns[i], orders[i]));
    }
    SortKeys sortKeys = new SortKeys(keys);
    Object[][] k = sortKeys.keys(rows);
    Integer[] order = new Integer[k.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Comparator<Object[]> cmp = sortKeys.order();
    Arrays.sort(order, (x, y) -> cmp.compare(k[x], k[y])); // TimSort: stable
    int[] idx = new int[order.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = order[i];
    }
    return idx;
  }
}
