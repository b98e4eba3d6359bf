package io.sluice.flink.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Blocks survive Flink's byte path (serialize, the network's copy, deserialize) with their values,
 * and Flink's type extraction never hands a block to Kryo, alone or inside a tuple.
 */
class ArrowBlockSerializerTest {

  private static ArrowBlock block(BufferAllocator allocator, int rows) {
    BigIntVector id = new BigIntVector("id", allocator);
    VarCharVector text = new VarCharVector("text", allocator);
    for (int i = 0; i < rows; i++) {
      id.setSafe(i, 1000L + i);
      if (i % 5 == 0) {
        text.setNull(i);
      } else {
        text.setSafe(i, ("row " + i).getBytes(StandardCharsets.UTF_8));
      }
    }
    try (VectorSchemaRoot root = VectorSchemaRoot.of(id, text)) {
      root.setRowCount(rows);
      return ArrowBlock.encode(root);
    }
  }

  @Test
  void aBlockRoundTripsThroughSerializeCopyAndDeserialize() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      ArrowBlock block = block(allocator, 37);
      DataOutputSerializer first = new DataOutputSerializer(64);
      ArrowBlockSerializer.INSTANCE.serialize(block, first);
      ArrowBlockSerializer.INSTANCE.serialize(block(allocator, 0), first);
      // bytes to bytes without materializing a block (sorters and spills do this); the target
      // view does not grow here, as a paged one would
      DataOutputSerializer copied = new DataOutputSerializer(first.length());
      DataInputDeserializer in = new DataInputDeserializer(first.getCopyOfBuffer());
      ArrowBlockSerializer.INSTANCE.copy(in, copied);
      ArrowBlockSerializer.INSTANCE.copy(in, copied);
      assertThat(copied.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());

      DataInputDeserializer back = new DataInputDeserializer(copied.getCopyOfBuffer());
      ArrowBlock decoded = ArrowBlockSerializer.INSTANCE.deserialize(back);
      ArrowBlock empty = ArrowBlockSerializer.INSTANCE.deserialize(back);
      assertThat(back.available()).isZero();
      assertThat(decoded.rows()).isEqualTo(37);
      assertThat(decoded.ipc()).isEqualTo(block.ipc());
      assertThat(empty.rows()).isZero();
      try (VectorSchemaRoot root = decoded.decode(allocator)) {
        assertThat(root.getRowCount()).isEqualTo(37);
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector text = (VarCharVector) root.getVector("text");
        assertThat(id.get(36)).isEqualTo(1036L);
        assertThat(text.isNull(35)).isTrue();
        assertThat(new String(text.get(36), StandardCharsets.UTF_8)).isEqualTo("row 36");
      }
    }
  }

  @Test
  void typeExtractionAnswersTheArrowTypeInfoNotAGenericType() {
    assertThat(TypeExtractor.createTypeInfo(ArrowBlock.class))
        .isSameAs(ArrowBlockTypeInfo.INSTANCE);
    TypeInformation<Tuple2<Integer, ArrowBlock>> tagged =
        TypeInformation.of(new TypeHint<Tuple2<Integer, ArrowBlock>>() {});
    assertThat(tagged).isInstanceOf(TupleTypeInfo.class);
    assertThat(((TupleTypeInfo<?>) tagged).getTypeAt(1)).isSameAs(ArrowBlockTypeInfo.INSTANCE);
    assertThat(ArrowBlockTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl()))
        .isSameAs(ArrowBlockSerializer.INSTANCE);
  }
}
