package io.sluice.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * Arrow lists become padded [batch, length] tensors over our own direct buffers, reused per batch.
 */
class TensorBridgeTest {

  @Test
  void listsBecomeZeroPaddedTensorsThatOrtDoesNotCopy() throws Exception {
    OnnxModelSpec spec = MiniLm.embedder(MiniLm.INT8);
    ModelMetadata meta = ModelMetadata.of(MiniLm.INT8);
    InputTensors bridge =
        new InputTensors("m", spec.inputs, meta.inputs(), SequenceLength.dynamic());
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (BufferAllocator allocator = new RootAllocator()) {
      List<VectorSchemaRoot> batches =
          Pipelines.tokenize(
              allocator, Arrays.asList("Hello world", null, "The cat sat on the mat."), 3);
      try (VectorSchemaRoot batch = batches.get(0)) {
        assertThat(bridge.prepare(batch)).isEqualTo(9); // [CLS] the cat sat on the mat . [SEP]
        Map<String, OnnxTensor> tensors = bridge.tensors(env, batch);
        try {
          for (OnnxTensor t : tensors.values()) {
            assertThat(t.ownsBuffer()).as("ORT wraps our direct buffer, no copy").isFalse();
            assertThat(t.getInfo().getShape()).containsExactly(3, 9);
          }
          LongBuffer ids = tensors.get("input_ids").getLongBuffer();
          LongBuffer mask = bridge.longs("attention_mask");
          assertThat(row(ids, 0, 9)).containsExactly(101, 7592, 2088, 102, 0, 0, 0, 0, 0);
          assertThat(row(mask, 0, 9)).containsExactly(1, 1, 1, 1, 0, 0, 0, 0, 0);
          assertThat(row(mask, 1, 9)).containsOnly(0L);
          assertThat(bridge.isNull(1)).isTrue();
          assertThat(row(mask, 2, 9)).containsOnly(1L);
        } finally {
          tensors.values().forEach(OnnxTensor::close);
        }
      }
    }
  }

  @Test
  void bucketsPadToTheSmallestFittingLength() throws Exception {
    OnnxModelSpec spec = MiniLm.embedder(MiniLm.INT8);
    ModelMetadata meta = ModelMetadata.of(MiniLm.INT8);
    InputTensors bridge =
        new InputTensors("m", spec.inputs, meta.inputs(), SequenceLength.buckets(8, 16, 32));
    try (BufferAllocator allocator = new RootAllocator()) {
      List<VectorSchemaRoot> batches =
          Pipelines.tokenize(allocator, List.of("The cat sat on the mat."), 1);
      try (VectorSchemaRoot batch = batches.get(0)) {
        assertThat(bridge.prepare(batch)).isEqualTo(16);
      }
    }
  }

  private static long[] row(LongBuffer b, int row, int length) {
    long[] out = new long[length];
    b.get(row * length, out);
    return out;
  }
}
