package io.sluice.operators.text;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Builds (id int64, text utf8) batches for tests; a null string makes a null text. */
final class TextBatch {

  private TextBatch() {}

  static VectorSchemaRoot of(BufferAllocator allocator, String... texts) {
    BigIntVector id = new BigIntVector("id", allocator);
    VarCharVector text = new VarCharVector("text", allocator);
    id.allocateNew(texts.length);
    text.allocateNew(texts.length);
    for (int i = 0; i < texts.length; i++) {
      id.set(i, i);
      if (texts[i] == null) {
        text.setNull(i);
      } else {
        text.setSafe(i, texts[i].getBytes(StandardCharsets.UTF_8));
      }
    }
    id.setValueCount(texts.length);
    text.setValueCount(texts.length);
    return new VectorSchemaRoot(List.<FieldVector>of(id, text));
  }
}
