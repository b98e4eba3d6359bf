package io.sluice.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtException;
import io.sluice.api.PlanException;
import io.sluice.api.SluiceException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.operators.text.Tokenize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input fails with a message naming the model, tensor or column. */
class BadInputTest {

  static Schema tokenized() {
    Schema text =
        new Schema(
            List.of(
                Field.nullable("id", new ArrowType.Int(64, true)),
                Field.nullable("text", ArrowType.Utf8.INSTANCE)));
    return MiniLm.tokenizer("text").outputSchema(text).orElseThrow();
  }

  @Test
  void missingModelFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.onnx");
    assertThatThrownBy(
            () -> Onnx.model(missing).inputs("x").output("y", "y").outputSchema(tokenized()))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> Onnx.resource("no/such.onnx").outputSchema(tokenized()))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("no/such.onnx");
  }

  @Test
  void fileThatIsNotOnnx(@TempDir Path dir) throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.onnx"), "this is not a protobuf");
    assertThatThrownBy(
            () -> Onnx.model(junk).inputs("x").output("y", "y").outputSchema(tokenized()))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("junk.onnx")
        .hasMessageContaining("not a loadable ONNX");
  }

  @Test
  void unboundInputListsBothSides() {
    OnnxModelSpec spec =
        Onnx.model(MiniLm.INT8)
            .inputs("input_ids", "attention_mask")
            .meanPooled("last_hidden_state", "embedding");
    assertThatThrownBy(() -> spec.outputSchema(tokenized()))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("model input 'token_type_ids' is not bound")
        .hasMessageContaining("input_ids: INT64[batch_size, sequence_length]")
        .hasMessageContaining("last_hidden_state: FLOAT[batch_size, sequence_length, 384]")
        .hasMessageContaining("dataset columns [id: Int(64, true), text: Utf8");
  }

  @Test
  void unknownTensorAndMissingColumn() {
    assertThatThrownBy(
            () -> MiniLm.embedder(MiniLm.INT8).input("pixels", "img").outputSchema(tokenized()))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("'pixels'")
        .hasMessageContaining("names no model input");
    assertThatThrownBy(
            () -> MiniLm.embedder(MiniLm.INT8).input("input_ids", "ids").outputSchema(tokenized()))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("column 'ids', which the dataset does not have");
    assertThatThrownBy(
            () -> MiniLm.embedder(MiniLm.INT8).output("logits", "score").outputSchema(tokenized()))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("'logits'")
        .hasMessageContaining("names no model output");
  }

  @Test
  void dtypeAndRankMismatch() {
    Field floats =
        new Field(
            "input_ids",
            FieldType.nullable(ArrowType.List.INSTANCE),
            List.of(
                Field.notNullable(
                    "$data$", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
    Schema wrongType =
        new Schema(
            List.of(
                floats,
                tokenized().findField("attention_mask"),
                tokenized().findField("token_type_ids")));
    assertThatThrownBy(() -> MiniLm.embedder(MiniLm.INT8).outputSchema(wrongType))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("element type INT64")
        .hasMessageContaining("column 'input_ids' holds FloatingPoint(SINGLE)");
    // A scalar column cannot feed a rank-2 [batch, length] tensor.
    assertThatThrownBy(
            () ->
                MiniLm.embedder(MiniLm.INT8)
                    .input("token_type_ids", "id")
                    .outputSchema(tokenized()))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("token_type_ids: INT64[batch_size, sequence_length]")
        .hasMessageContaining("needs a list column, but column 'id' is Int(64, true)");
    assertThatThrownBy(
            () ->
                MiniLm.embedder(MiniLm.INT8)
                    .output("last_hidden_state", "id")
                    .outputSchema(tokenized()))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("'id' already exists");
  }

  @Test
  void batchTooLargeSuggestsASmallerBatchSize() throws Exception {
    OnnxModelSpec spec = MiniLm.embedder(MiniLm.INT8).maxBatchBytes(64 * 1024);
    try (BufferAllocator allocator = new RootAllocator()) {
      List<VectorSchemaRoot> batches =
          Pipelines.tokenize(
              allocator,
              Collections.nCopies(
                  16,
                  "A sentence that is long enough to need a few dozen tokens in every single row of the batch."),
              16);
      try (VectorSchemaRoot batch = batches.get(0);
          BatchUdf udf = spec.create(Pipelines.CPU2)) {
        assertThatThrownBy(() -> udf.apply(batch, allocator))
            .isInstanceOf(SluiceException.class)
            .hasMessageContaining("all-minilm-l6-v2-q.onnx")
            .hasMessageContaining("16 rows")
            .hasMessageContaining("smaller batch size")
            .hasMessageContaining("modelBatchSize(8)");
      }
    }
    assertThat(
            InferenceErrors.isAllocationFailure(
                new OrtException("Failed to allocate memory for requested buffer")))
        .isTrue();
    assertThat(
            InferenceErrors.isAllocationFailure(
                new RuntimeException(new OutOfMemoryError("Direct buffer memory"))))
        .isTrue();
    assertThat(InferenceErrors.isAllocationFailure(new OrtException("Invalid rank for input")))
        .isFalse();
  }

  @Test
  void rowLongerThanFixedSequenceLengthNamesTheRow() throws Exception {
    OnnxModelSpec spec = MiniLm.embedder(MiniLm.INT8).sequenceLength(SequenceLength.fixed(8));
    try (BufferAllocator allocator = new RootAllocator()) {
      List<VectorSchemaRoot> batches =
          Pipelines.tokenize(
              allocator,
              List.of("short", "this row is clearly longer than eight tokens in total"),
              2);
      try (VectorSchemaRoot batch = batches.get(0);
          BatchUdf udf = spec.create(Pipelines.CPU2)) {
        assertThatThrownBy(() -> udf.apply(batch, allocator))
            .isInstanceOf(SluiceException.class)
            .hasMessageContaining("row 1")
            .hasMessageContaining("sequence length 8")
            .hasMessageContaining("maxLength(8)");
      }
    }
    assertThat(Tokenize.INPUT_IDS).isEqualTo("input_ids");
  }
}
