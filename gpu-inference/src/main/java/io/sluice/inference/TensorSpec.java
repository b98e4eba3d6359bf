package io.sluice.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;

/**
 * A model input or output as declared in the ONNX graph: element type and shape, where -1 is a
 * dynamic dimension whose symbolic name (e.g. {@code batch_size}) lets outputs be sized from
 * inputs.
 */
record TensorSpec(String name, OnnxJavaType type, long[] shape, String[] dimNames) {

  static TensorSpec of(NodeInfo node) {
    if (!(node.getInfo() instanceof TensorInfo t)) {
      return new TensorSpec(node.getName(), OnnxJavaType.UNKNOWN, new long[0], new String[0]);
    }
    return new TensorSpec(node.getName(), t.type, t.getShape(), t.getDimensionNames());
  }

  int rank() {
    return shape.length;
  }

  /** The fixed size of dimension {@code i}, or -1 if dynamic. */
  long dim(int i) {
    return shape[i];
  }

  /** The symbolic name of dimension {@code i}, or "" if none. */
  String dimName(int i) {
    return i < dimNames.length && dimNames[i] != null ? dimNames[i] : "";
  }

  @Override
  public String toString() {
    StringBuilder dims = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        dims.append(", ");
      }
      dims.append(
          shape[i] >= 0 ? Long.toString(shape[i]) : dimName(i).isEmpty() ? "?" : dimName(i));
    }
    return name + ": " + type + dims.append(']');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec t
        && t.name.equals(name)
        && t.type == type
        && Arrays.equals(t.shape, shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }
}
