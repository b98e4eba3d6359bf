package io.sluice.operators.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.sluice.api.PlanException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.operators.vector.ColumnAppender;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One tokenizer instance: batch-encodes the non-null texts of each batch in a single native call
 * (DJL parallelises inside), then writes the three list columns. The input columns are passed
 * through by buffer sharing, not copied.
 */
final class TokenizeUdf implements BatchUdf {

  private final HuggingFaceTokenizer tokenizer;
  private final String textColumn;

  TokenizeUdf(HuggingFaceTokenizer tokenizer, String textColumn) {
    this.tokenizer = tokenizer;
    this.textColumn = textColumn;
  }

  @Override
  public VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator) {
    FieldVector text = input.getVector(textColumn);
    if (text == null) {
      throw new PlanException(
          "Tokenize: no column '"
              + textColumn
              + "' in batch with columns "
              + Tokenize.describe(input.getSchema()));
    }
    int rows = input.getRowCount();
    int[] rowOf = new int[rows];
    String[] texts = new String[rows];
    int present = 0;
    for (int i = 0; i < rows; i++) {
      if (!text.isNull(i)) {
        texts[present] = textAt(text, i);
        rowOf[present++] = i;
      }
    }
    String[] batch = present == rows ? texts : Arrays.copyOf(texts, present);
    Encoding[] encodings = present == 0 ? new Encoding[0] : tokenizer.batchEncode(batch);
    long[][] ids = new long[rows][];
    long[][] mask = new long[rows][];
    long[][] types = new long[rows][];
    for (int k = 0; k < present; k++) {
      Encoding e = encodings[k];
      int row = rowOf[k];
      ids[row] = e.getIds();
      mask[row] = e.getAttentionMask();
      types[row] = e.getTypeIds();
    }
    return assemble(input, allocator, ids, mask, types);
  }

  private static String textAt(FieldVector text, int i) {
    if (text instanceof VarCharVector v) {
      return new String(v.get(i), StandardCharsets.UTF_8);
    }
    if (text instanceof LargeVarCharVector v) {
      return new String(v.get(i), StandardCharsets.UTF_8);
    }
    throw new PlanException(
        "Tokenize: column '"
            + text.getName()
            + "' must be utf8 text but is "
            + text.getField().getType());
  }

  private static VectorSchemaRoot assemble(
      VectorSchemaRoot input,
      BufferAllocator allocator,
      long[][] ids,
      long[][] mask,
      long[][] types) {
    List<FieldVector> added = new ArrayList<>(3);
    try {
      added.add(LongListColumn.write(Tokenize.INPUT_IDS, ids, allocator));
      added.add(LongListColumn.write(Tokenize.ATTENTION_MASK, mask, allocator));
      added.add(LongListColumn.write(Tokenize.TOKEN_TYPE_IDS, types, allocator));
    } catch (RuntimeException e) {
      added.forEach(FieldVector::close);
      throw e;
    }
    return ColumnAppender.append(input, added, allocator);
  }
}
