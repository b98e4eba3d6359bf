package io.sluice.connectors.parquet;

import io.sluice.connectors.fs.FileEntry;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.schema.MessageType;

/**
 * What planning learned from one file's footer. Driver-side only; tasks get plain values.
 *
 * @param file the file
 * @param parquetSchema its Parquet schema
 * @param arrowSchema the Arrow schema its rows decode to (a null-type placeholder per unsupported
 *     column)
 * @param unsupported the columns the reader cannot decode, with the reason naming column and type
 * @param rowGroups its row groups, in file order
 */
record ParquetFileInfo(
    FileEntry file,
    MessageType parquetSchema,
    Schema arrowSchema,
    Map<String, String> unsupported,
    List<RowGroup> rowGroups) {

  /**
   * @param index position in the file
   * @param firstRow the file row number of its first row
   * @param rows rows it holds
   * @param columnBytes uncompressed bytes per top-level column, to estimate a projected read
   */
  record RowGroup(int index, long firstRow, long rows, Map<String, Long> columnBytes) {

    long bytes(List<String> columns) {
      long sum = 0;
      for (String c : columns) {
        sum += columnBytes.getOrDefault(c, 0L);
      }
      return sum;
    }
  }
}
