package io.sluice.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.api.PlanException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's declared inputs and outputs, read once per model identity for plan-time validation.
 * Reading builds an unoptimised CPU session (the cheapest way ORT offers to parse the graph) and
 * closes it at once; the result is cached, so planning the same model again costs nothing.
 */
record ModelMetadata(Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {

  private static final Cache<String, ModelMetadata> CACHE =
      Caffeine.newBuilder().maximumSize(64).build();

  static ModelMetadata of(ModelSource source) {
    String identity = source.identity();
    return CACHE.get(identity, id -> read(source, id));
  }

  private static ModelMetadata read(ModelSource source, String identity) {
    OrtEnvironment env = OrtEnv.get();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      options.setIntraOpNumThreads(1);
      try (OrtSession session =
          source.kind() == ModelSource.Kind.FILE
              ? env.createSession(source.location(), options)
              : env.createSession(ModelBytes.of(source, identity), options)) {
        return new ModelMetadata(specs(session.getInputInfo()), specs(session.getOutputInfo()));
      }
    } catch (OrtException e) {
      throw new PlanException(
          "model "
              + source
              + " is not a loadable ONNX model ("
              + e.getCode()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private static Map<String, TensorSpec> specs(Map<String, NodeInfo> nodes) {
    Map<String, TensorSpec> out = new LinkedHashMap<>();
    nodes.forEach((name, node) -> out.put(name, TensorSpec.of(node)));
    return Collections.unmodifiableMap(out);
  }

  /** "model inputs [...], outputs [...]" for error messages. */
  String describe() {
    return "model inputs " + inputs.values() + ", outputs " + outputs.values();
  }
}
