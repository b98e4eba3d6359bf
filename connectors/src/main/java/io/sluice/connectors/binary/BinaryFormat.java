package io.sluice.connectors.binary;

import io.sluice.api.Row;
import io.sluice.api.SimpleRow;
import io.sluice.connectors.fs.FileEntry;
import io.sluice.connectors.fs.FileSplit;
import io.sluice.connectors.fs.RowFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Whole files as rows (images, documents): {@code path} (utf8), {@code size} (int64), {@code bytes}
 * (binary, exactly as stored: {@code .gz} files are not decompressed). One task per file. A file
 * larger than {@code maxFileBytes} (default 64 MiB) fails its task with an error naming the file,
 * its size and the limit, before anything is read (with a skipping error policy it becomes a
 * skipped block).
 */
final class BinaryFormat implements RowFormat {

  private static final long serialVersionUID = 1L;

  private final long maxFileBytes;

  BinaryFormat(long maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  @Override
  public String name() {
    return "binary";
  }

  @Override
  public boolean splittable() {
    return false;
  }

  @Override
  public boolean decompress() {
    return false;
  }

  @Override
  public Schema schema(List<FileEntry> files, SplitOpener opener) {
    return new Schema(
        List.of(
            new Field("path", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("size", FieldType.nullable(new ArrowType.Int(64, true)), null),
            new Field("bytes", FieldType.nullable(ArrowType.Binary.INSTANCE), null)));
  }

  @Override
  public RowReader open(InputStream in, FileSplit split, Schema schema) throws IOException {
    if (split.fileLength() > maxFileBytes) {
      in.close();
      throw tooLarge(split.path(), split.fileLength());
    }
    return new RowReader() {
      private boolean done;

      @Override
      public Row next() throws IOException {
        if (done) {
          return null;
        }
        done = true;
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
        if (bytes.length > maxFileBytes) {
          throw tooLarge(split.path(), bytes.length);
        }
        return new SimpleRow(
            new String[] {"path", "size", "bytes"},
            new Object[] {split.path(), (long) bytes.length, bytes});
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  private IOException tooLarge(String path, long size) {
    return new IOException(
        "binary file "
            + path
            + " is "
            + size
            + " bytes, over the limit of "
            + maxFileBytes
            + " bytes (option maxFileBytes)");
  }
}
