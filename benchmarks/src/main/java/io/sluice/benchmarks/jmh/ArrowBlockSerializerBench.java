package io.sluice.benchmarks.jmh;

import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.block.ArrowBlockSerializer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a block costs between two Flink operators: a batch (id int64, text utf8 of ~50 bytes, score
 * float32) encoded as Arrow IPC ({@code ArrowBlock.encode}), written and read by {@link
 * ArrowBlockSerializer} through Flink's memory views, and decoded back into vectors. Score: round
 * trips per second; the {@code bytes} counter is the IPC bytes moved per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ArrowBlockSerializerBench {

  private static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
              new Field("text", FieldType.nullable(new ArrowType.Utf8()), null),
              new Field(
                  "score",
                  FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                  null)));

  @Param({"1024", "16384"})
  public int rows;

  private BufferAllocator allocator;
  private VectorSchemaRoot batch;
  private DataOutputSerializer out;

  /** IPC bytes per second, next to the round trips JMH scores. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Moved {
    public long bytes;
  }

  @Setup(Level.Trial)
  public void setup() {
    allocator = new RootAllocator();
    batch = VectorSchemaRoot.create(SCHEMA, allocator);
    BigIntVector id = (BigIntVector) batch.getVector("id");
    VarCharVector text = (VarCharVector) batch.getVector("text");
    Float4Vector score = (Float4Vector) batch.getVector("score");
    id.allocateNew(rows);
    text.allocateNew(rows * 56L, rows);
    score.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      id.set(i, i);
      text.setSafe(
          i,
          ("document " + i + " about the quick brown fox, number " + (i % 97))
              .getBytes(StandardCharsets.UTF_8));
      score.set(i, i / 100f);
    }
    batch.setRowCount(rows);
    out = new DataOutputSerializer(rows * 80);
  }

  @Benchmark
  public int roundTrip(Moved moved) throws Exception {
    ArrowBlock block = ArrowBlock.encode(batch);
    out.clear();
    ArrowBlockSerializer.INSTANCE.serialize(block, out);
    ArrowBlock back =
        ArrowBlockSerializer.INSTANCE.deserialize(
            new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    moved.bytes += back.ipc().length;
    try (VectorSchemaRoot decoded = back.decode(allocator)) {
      return decoded.getRowCount();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    batch.close();
    allocator.close();
  }
}
