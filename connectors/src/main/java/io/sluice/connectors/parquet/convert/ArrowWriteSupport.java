package io.sluice.connectors.parquet.convert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Drives parquet-mr's {@link RecordConsumer} from Arrow vectors. parquet-mr writes one record per
 * call, so the "record" is a {@link RowPointer} into the current batch, reused for every row.
 *
 * <p>Call-order rules: {@link #setBatch} before writing its rows; the batch must have the schema
 * given at construction.
 */
public final class ArrowWriteSupport extends WriteSupport<ArrowWriteSupport.RowPointer> {

  /** Which row of the current batch to write next; one mutable instance per writer. */
  public static final class RowPointer {
    public int row;
  }

  private final Schema arrowSchema;
  private final MessageType parquetSchema;
  private final FieldWriter[] writers;
  private RecordConsumer consumer;

  public ArrowWriteSupport(Schema arrowSchema) {
    this.arrowSchema = arrowSchema;
    this.parquetSchema = ArrowToParquetSchema.convert(arrowSchema);
    List<FieldWriter> ws = new ArrayList<>();
    List<Field> fields = arrowSchema.getFields();
    for (int i = 0; i < fields.size(); i++) {
      ws.add(writer(fields.get(i), i));
    }
    this.writers = ws.toArray(new FieldWriter[0]);
  }

  public MessageType parquetSchema() {
    return parquetSchema;
  }

  /** Points the writers at {@code batch}'s vectors. */
  public void setBatch(VectorSchemaRoot batch) {
    for (int i = 0; i < writers.length; i++) {
      writers[i].bind(batch.getVector(i));
    }
  }

  @Override
  public WriteContext init(Configuration configuration) {
    Map<String, String> meta = new HashMap<>();
    meta.put(ArrowSchemaMetadata.KEY, ArrowSchemaMetadata.encode(arrowSchema));
    return new WriteContext(parquetSchema, meta);
  }

  @Override
  public String getName() {
    return "sluice-arrow";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(RowPointer pointer) {
    int row = pointer.row;
    consumer.startMessage();
    for (FieldWriter w : writers) {
      w.writeField(consumer, row);
    }
    consumer.endMessage();
  }

  private static FieldWriter writer(Field f, int index) {
    String n = f.getName();
    ArrowType t = f.getType();
    switch (t.getTypeID()) { // extension types write as their storage (arrow.uuid:
      // fixed_size_binary(16))
      case Bool:
        return new PrimitiveWriters.Bool(n, index);
      case Int:
        {
          ArrowType.Int i = (ArrowType.Int) t;
          return i.getBitWidth() == 64
              ? new PrimitiveWriters.Int64(n, index, 1)
              : new PrimitiveWriters.Int32(n, index, i.getBitWidth() / 8, !i.getIsSigned());
        }
      case FloatingPoint:
        return ((ArrowType.FloatingPoint) t).getPrecision() == FloatingPointPrecision.SINGLE
            ? new PrimitiveWriters.Float32(n, index)
            : new PrimitiveWriters.Float64(n, index);
      case Utf8:
      case Binary:
        return new PrimitiveWriters.VarWidth(n, index);
      case FixedSizeBinary:
        return new PrimitiveWriters.FixedBinary(n, index);
      case Date:
        return ((ArrowType.Date) t).getUnit() == DateUnit.DAY
            ? new PrimitiveWriters.Int32(n, index, 4, false)
            : new PrimitiveWriters.DateMillis(n, index);
      case Time:
        return ((ArrowType.Time) t).getBitWidth() == 32
            ? new PrimitiveWriters.Int32(n, index, 4, false)
            : new PrimitiveWriters.Int64(n, index, 1);
      case Timestamp:
        return new PrimitiveWriters.Int64(
            n, index, ((ArrowType.Timestamp) t).getUnit() == TimeUnit.SECOND ? 1000 : 1);
      case Decimal:
        return new PrimitiveWriters.Decimal(n, index, ((ArrowType.Decimal) t).getPrecision());
      case List:
      case FixedSizeList:
        {
          Field c = f.getChildren().get(0);
          return new GroupWriters.ListWriter(
              n,
              index,
              "list",
              new GroupWriters.Entry(
                  writer(new Field("element", c.getFieldType(), c.getChildren()), 0)));
        }
      case Map:
        {
          Field entries = f.getChildren().get(0);
          return new GroupWriters.ListWriter(n, index, "key_value", writer(entries, 0));
        }
      case Struct:
        {
          List<FieldWriter> children = new ArrayList<>();
          for (int i = 0; i < f.getChildren().size(); i++) {
            children.add(writer(f.getChildren().get(i), i));
          }
          return new GroupWriters.Struct(n, index, children);
        }
      default:
        throw SchemaErrors.unsupported(n, t, "no Parquet mapping");
    }
  }
}
