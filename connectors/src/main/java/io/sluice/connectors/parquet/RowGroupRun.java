package io.sluice.connectors.parquet;

import java.util.ArrayList;
import java.util.List;

/** Consecutive row groups of one file that one task reads. */
record RowGroupRun(ParquetFileInfo file, int firstRowGroup, int count, long rows, long bytes) {

  /**
   * Merges neighbouring runs of the same file while the merged run stays under {@code minBytes}, so
   * thousands of tiny row groups do not become thousands of tiny tasks.
   */
  static List<RowGroupRun> coalesce(List<RowGroupRun> runs, long minBytes) {
    List<RowGroupRun> out = new ArrayList<>();
    RowGroupRun cur = null;
    for (RowGroupRun r : runs) {
      if (cur != null
          && cur.file == r.file
          && cur.firstRowGroup + cur.count == r.firstRowGroup
          && cur.bytes + r.bytes <= minBytes) {
        cur =
            new RowGroupRun(
                cur.file,
                cur.firstRowGroup,
                cur.count + r.count,
                cur.rows + r.rows,
                cur.bytes + r.bytes);
      } else {
        if (cur != null) {
          out.add(cur);
        }
        cur = r;
      }
    }
    if (cur != null) {
      out.add(cur);
    }
    return out;
  }
}
