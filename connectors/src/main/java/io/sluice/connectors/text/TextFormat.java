package io.sluice.connectors.text;

import io.sluice.api.Row;
import io.sluice.api.SimpleRow;
import io.sluice.connectors.fs.FileEntry;
import io.sluice.connectors.fs.FileSplit;
import io.sluice.connectors.fs.RowFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Text files, one row per line in a {@code text} column (utf8; {@code \n} or {@code \r\n} line ends
 * are dropped). Uncompressed files split into byte ranges at line boundaries. Option {@code
 * skipBlankLines} (default false).
 */
final class TextFormat implements RowFormat {

  private static final long serialVersionUID = 1L;
  static final String COLUMN = "text";

  private final boolean skipBlank;

  TextFormat(boolean skipBlank) {
    this.skipBlank = skipBlank;
  }

  @Override
  public String name() {
    return "text";
  }

  @Override
  public boolean splittable() {
    return true;
  }

  static Schema schema() {
    return new Schema(
        List.of(new Field(COLUMN, FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
  }

  @Override
  public Schema schema(List<FileEntry> files, SplitOpener opener) {
    return schema();
  }

  @Override
  public RowReader open(InputStream in, FileSplit split, Schema schema) {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    String[] names = {COLUMN};
    return new RowReader() {
      @Override
      public Row next() throws IOException {
        String line;
        while ((line = r.readLine()) != null) {
          if (!skipBlank || !line.isBlank()) {
            return SimpleRow.shared(names, new Object[] {line});
          }
        }
        return null;
      }

      @Override
      public void close() throws IOException {
        r.close();
      }
    };
  }
}
