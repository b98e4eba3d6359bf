package io.sluice.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One buffer set of the double-buffered model loop: input tensors over reused direct buffers,
 * pinned output tensors, and the result of the run in flight. A slot moves through {@link #prepare}
 * (helper thread) -> {@link #run} (session thread) -> {@link #convert} (helper thread); the
 * hand-offs are ordered by futures, so a slot is never touched by two threads at once.
 */
final class TensorSlot {

  private final OnnxModelSpec spec;
  private final InputTensors inputs;
  private final OutputTensors outputs;
  private final OrtEnvironment env;
  private Map<String, OnnxTensor> feeds;
  private Map<String, OnnxTensor> pinned;
  private OrtSession.Result result;
  private long bytes;
  private long tokens;

  TensorSlot(OnnxModelSpec spec, ModelMetadata metadata, OrtEnvironment env) {
    this.spec = spec;
    this.env = env;
    this.inputs =
        new InputTensors(
            spec.model.toString(), spec.inputs, metadata.inputs(), spec.sequenceLength);
    this.outputs = new OutputTensors(spec, metadata);
  }

  InputTensors inputs() {
    return inputs;
  }

  OutputTensors outputs() {
    return outputs;
  }

  /** Fills the tensors for batch {@code b} of {@code plan} (window rows gathered in plan order). */
  void prepare(VectorSchemaRoot window, BatchPlan plan, int b, Device device) throws OrtException {
    int rows = plan.size(b);
    int length = inputs.prepare(window, plan.order(), plan.start(b), rows);
    bytes = inputs.bytes() + outputs.bytes(rows, length);
    if (bytes > spec.maxBatchBytes) {
      throw InferenceErrors.batchTooLarge(
          spec.model.toString(),
          device,
          rows,
          length,
          bytes,
          "more than the spec's maxBatchBytes (" + (spec.maxBatchBytes >> 20) + " MiB)",
          spec.batching.modelBatchSize() > 0,
          null);
    }
    tokens = 0;
    for (int i = 0; i < rows; i++) {
      tokens += inputs.rowLength(i);
    }
    feeds = inputs.tensors(env, window);
    pinned = outputs.pin(env, rows, length);
  }

  /** Runs the prepared batch on {@code session}; the result stays open until {@link #convert}. */
  void run(OrtSession session) throws OrtException {
    result = session.run(feeds, outputs.unpinned(), pinned);
  }

  /** Writes the outputs into {@code sink} at their window rows, then frees the batch's tensors. */
  void convert(WindowOutputs sink) throws OrtException {
    try {
      outputs.scatter(result, inputs, sink);
    } finally {
      release();
    }
  }

  int rows() {
    return inputs.rows();
  }

  int length() {
    return inputs.length();
  }

  long bytes() {
    return bytes;
  }

  /** Real (unpadded) tokens in the prepared batch. */
  long tokens() {
    return tokens;
  }

  /** Closes whatever tensors and result the slot holds (after a failure, or after converting). */
  void release() {
    if (result != null) {
      result.close();
      result = null;
    }
    if (pinned != null) {
      pinned.values().forEach(OnnxTensor::close);
      pinned = null;
    }
    if (feeds != null) {
      feeds.values().forEach(OnnxTensor::close);
      feeds = null;
    }
  }
}
