package io.sluice.connectors.parquet.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Decides which reads take the column-at-a-time path, and opens it for a row group. A file
 * qualifies when every requested column is a top-level required or optional primitive whose Arrow
 * type is a plain copy of its Parquet values (ints, dates, times, timestamps, floats, booleans,
 * strings and binaries, fixed-size binaries); decimals, INT96, lists and structs keep parquet-mr's
 * record path. A row group qualifies when its chunks use only PLAIN, dictionary and RLE encodings
 * (no DELTA_*, no BYTE_STREAM_SPLIT), which the chunk metadata tells before any page is read; a
 * chunk of nulls only (per its statistics) qualifies in any encoding.
 *
 * <p>Immutable; one per reader.
 */
public final class ColumnarReads {

  private static final Set<Encoding> ENCODINGS =
      Set.of(
          Encoding.PLAIN,
          Encoding.PLAIN_DICTIONARY,
          Encoding.RLE_DICTIONARY,
          Encoding.RLE,
          Encoding.BIT_PACKED);

  private final List<Column> columns;

  /**
   * One requested column: how its values are decoded ({@code width} 0 for var-width and booleans).
   */
  private record Column(
      ColumnDescriptor descriptor, String name, Kind kind, int sourceWidth, int width) {}

  private enum Kind {
    FIXED,
    BINARY,
    BOOLEAN
  }

  private ColumnarReads(List<Column> columns) {
    this.columns = columns;
  }

  /**
   * The plan for reading {@code requested} into batches of {@code target}, or null when a column
   * needs the record path (or none is requested).
   */
  public static ColumnarReads plan(MessageType requested, Schema target) {
    if (requested.getFieldCount() == 0) {
      return null;
    }
    List<Column> out = new ArrayList<>();
    List<ColumnDescriptor> descriptors = requested.getColumns();
    if (descriptors.size() != requested.getFieldCount()) {
      return null; // some field is a group
    }
    for (int i = 0; i < descriptors.size(); i++) {
      Type t = requested.getType(i);
      ColumnDescriptor d = descriptors.get(i);
      Field f = find(target, t.getName());
      if (!t.isPrimitive()
          || t.isRepetition(Type.Repetition.REPEATED)
          || f == null
          || d.getPath().length != 1) {
        return null;
      }
      Column c = column(d, t.asPrimitiveType(), f.getType());
      if (c == null) {
        return null;
      }
      out.add(c);
    }
    return new ColumnarReads(List.copyOf(out));
  }

  private static Column column(ColumnDescriptor d, PrimitiveType p, ArrowType at) {
    String name = p.getName();
    PrimitiveTypeName pt = p.getPrimitiveTypeName();
    return switch (pt) {
      case BOOLEAN -> at instanceof ArrowType.Bool ? new Column(d, name, Kind.BOOLEAN, 0, 0) : null;
      case INT32 -> {
        int w = width(at);
        boolean ok = at instanceof ArrowType.Int ? w == 1 || w == 2 || w == 4 : w == 4;
        yield ok ? new Column(d, name, Kind.FIXED, 4, w) : null;
      }
      case INT64 ->
          width(at) == 8 && !(at instanceof ArrowType.Date)
              ? new Column(d, name, Kind.FIXED, 8, 8)
              : null;
      case FLOAT ->
          at instanceof ArrowType.FloatingPoint f
                  && f.getPrecision() == FloatingPointPrecision.SINGLE
              ? new Column(d, name, Kind.FIXED, 4, 4)
              : null;
      case DOUBLE ->
          at instanceof ArrowType.FloatingPoint f
                  && f.getPrecision() == FloatingPointPrecision.DOUBLE
              ? new Column(d, name, Kind.FIXED, 8, 8)
              : null;
      case BINARY ->
          at instanceof ArrowType.Utf8 || at instanceof ArrowType.Binary
              ? new Column(d, name, Kind.BINARY, 0, 0)
              : null;
      case FIXED_LEN_BYTE_ARRAY ->
          at instanceof ArrowType.FixedSizeBinary b && b.getByteWidth() == p.getTypeLength()
              ? new Column(d, name, Kind.FIXED, p.getTypeLength(), p.getTypeLength())
              : null;
      default -> null; // INT96: converted per value by the record path
    };
  }

  /** Bytes per value of the fixed-width Arrow types this path writes; 0 for any other type. */
  private static int width(ArrowType at) {
    if (at instanceof ArrowType.Int i) {
      return i.getBitWidth() / 8;
    }
    if (at instanceof ArrowType.Date d) {
      return d.getUnit() == DateUnit.DAY ? 4 : 8;
    }
    if (at instanceof ArrowType.Time t) {
      return t.getBitWidth() / 8;
    }
    if (at instanceof ArrowType.Timestamp) {
      return 8;
    }
    return 0;
  }

  private static Field find(Schema s, String name) {
    for (Field f : s.getFields()) {
      if (f.getName().equals(name)) {
        return f;
      }
    }
    return null;
  }

  /** Whether every requested chunk of {@code block} uses only encodings this path decodes. */
  public boolean supports(BlockMetaData block) {
    for (Column c : columns) {
      ColumnChunkMetaData chunk = chunk(block, c.descriptor);
      if (chunk == null) {
        return false;
      }
      if (allNulls(chunk)) {
        continue; // no value is decoded, whatever the encoding
      }
      for (Encoding e : chunk.getEncodings()) {
        if (!ENCODINGS.contains(e) || (c.kind == Kind.BOOLEAN && e.usesDictionary())) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean allNulls(ColumnChunkMetaData chunk) {
    Statistics<?> s = chunk.getStatistics();
    return s != null && s.isNumNullsSet() && s.getNumNulls() == chunk.getValueCount();
  }

  private static ColumnChunkMetaData chunk(BlockMetaData block, ColumnDescriptor d) {
    for (ColumnChunkMetaData m : block.getColumns()) {
      if (Arrays.equals(m.getPath().toArray(), d.getPath())) {
        return m;
      }
    }
    return null;
  }

  /**
   * Fewest Arrow bytes a row can take (fixed widths, 4-byte offsets, 1 byte per boolean), the
   * estimate the row-path appenders would add for a row without nulls or empty strings.
   */
  public long minRowBytes() {
    long bytes = 0;
    for (Column c : columns) {
      bytes +=
          switch (c.kind) {
            case FIXED -> c.width;
            case BINARY -> 4;
            case BOOLEAN -> 1;
          };
    }
    return bytes;
  }

  /** Decoders for the requested columns of one row group whose pages {@code store} holds. */
  public ColumnarRowGroup open(PageReadStore store, BlockMetaData block) {
    ColumnDecoder[] decoders = new ColumnDecoder[columns.size()];
    String[] names = new String[decoders.length];
    double[] density = new double[decoders.length];
    for (int i = 0; i < decoders.length; i++) {
      Column c = columns.get(i);
      var pages = store.getPageReader(c.descriptor);
      decoders[i] =
          switch (c.kind) {
            case FIXED -> new FixedWidthDecoder(c.descriptor, pages, c.sourceWidth, c.width);
            case BINARY -> new BinaryDecoder(c.descriptor, pages);
            case BOOLEAN -> new BooleanDecoder(c.descriptor, pages);
          };
      names[i] = c.name;
      ColumnChunkMetaData chunk = chunk(block, c.descriptor);
      density[i] =
          chunk == null || chunk.getValueCount() == 0
              ? 8
              : Math.max(1.0, (double) chunk.getTotalUncompressedSize() / chunk.getValueCount());
    }
    return new ColumnarRowGroup(decoders, names, density);
  }
}
