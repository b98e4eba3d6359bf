package io.sluice.inference;

import java.nio.file.Path;

/**
 * Entry point for ONNX model specs.
 *
 * <pre>{@code
 * ds.mapBatches(Onnx.model(Path.of("model.onnx")).inputs("input_ids", "attention_mask")
 *         .output("logits", "score"), Compute.actors(1, 4).gpus(1).batchSize(256))
 * }</pre>
 */
public final class Onnx {

  private Onnx() {}

  /** A model file. */
  public static OnnxModelSpec model(Path file) {
    return OnnxModelSpec.of(ModelSource.file(file));
  }

  /** A model from a file or a classpath resource (e.g. {@link MiniLm#FP32}). */
  public static OnnxModelSpec model(ModelSource source) {
    return OnnxModelSpec.of(source);
  }

  /** A model shipped as a classpath resource, such as {@code all-minilm-l6-v2.onnx}. */
  public static OnnxModelSpec resource(String name) {
    return OnnxModelSpec.of(ModelSource.resource(name));
  }
}
