package io.sluice.inference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sluice.operators.vector.PoolingMath;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tensor-to-Arrow half of the bridge, one per actor. Where every dimension of an output can be
 * resolved before running (fixed, or named like an input's batch/sequence dimension), ORT writes
 * straight into a reused direct buffer ("pinned output"); otherwise ORT allocates and we read its
 * buffer once. Pooled outputs are reduced in place with {@link PoolingMath}, so the {@code [batch,
 * seq, dim]} hidden state never becomes an Arrow column.
 *
 * <p>Call-order rules: per batch, {@link #pin} before running, {@link #scatter} after; not
 * thread-safe.
 */
final class OutputTensors {

  private final OnnxModelSpec spec;
  private final List<Out> outs = new ArrayList<>();
  private final String batchDim;
  private final String lengthDim;
  private float[] pooled = new float[0];

  private static final class Out {
    final OutputBinding binding;
    final TensorSpec tensor;
    ByteBuffer buffer;
    long[] shape;

    Out(OutputBinding binding, TensorSpec tensor) {
      this.binding = binding;
      this.tensor = tensor;
    }
  }

  OutputTensors(OnnxModelSpec spec, ModelMetadata metadata) {
    this.spec = spec;
    TensorSpec first = metadata.inputs().get(spec.inputs.get(0).tensor());
    this.batchDim = first.dimName(0);
    this.lengthDim = first.dimName(1);
    for (OutputBinding b : spec.outputs) {
      outs.add(new Out(b, metadata.outputs().get(b.tensor())));
    }
  }

  /** Bytes the outputs of a {@code rows x length} batch take. */
  long bytes(int rows, int length) {
    long total = 0;
    for (Out o : outs) {
      long[] s = resolve(o.tensor, rows, length);
      long n = 1;
      for (long d : s) {
        n *= d < 0 ? length : d;
      }
      total += n * 4;
    }
    return total;
  }

  /** Pinned output tensors over reused buffers for the resolvable outputs (caller closes them). */
  Map<String, OnnxTensor> pin(OrtEnvironment env, int rows, int length) throws OrtException {
    Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
    try {
      for (Out o : outs) {
        o.shape = resolve(o.tensor, rows, length);
        if (o.tensor.type() != OnnxJavaType.FLOAT || !resolved(o.shape)) {
          o.shape = null;
          continue;
        }
        long bytes = 4;
        for (long d : o.shape) {
          bytes *= d;
        }
        o.buffer = DirectBuffers.ensure(o.buffer, bytes);
        ByteBuffer view = o.buffer.duplicate().order(ByteOrder.nativeOrder());
        view.position(0).limit((int) bytes);
        pinned.put(o.tensor.name(), OnnxTensor.createTensor(env, view.asFloatBuffer(), o.shape));
      }
      return pinned;
    } catch (OrtException | RuntimeException e) {
      pinned.values().forEach(OnnxTensor::close);
      throw e;
    }
  }

  /** Output names ORT must allocate itself (those that could not be pinned). */
  Set<String> unpinned() {
    Set<String> names = new LinkedHashSet<>();
    for (Out o : outs) {
      if (o.shape == null) {
        names.add(o.tensor.name());
      }
    }
    return names;
  }

  /** The tensor specs of the bound outputs, in binding order (for {@link WindowOutputs}). */
  List<TensorSpec> tensors() {
    List<TensorSpec> t = new ArrayList<>();
    for (Out o : outs) {
      t.add(o.tensor);
    }
    return t;
  }

  /**
   * Writes the outputs of the batch just run into {@code sink} at each batch row's window position
   * (null batch rows are skipped: the sink already marks them null).
   */
  void scatter(OrtSession.Result result, InputTensors in, WindowOutputs sink) throws OrtException {
    for (int i = 0; i < outs.size(); i++) {
      scatter(i, outs.get(i), result, in, sink);
    }
  }

  private void scatter(
      int index, Out o, OrtSession.Result result, InputTensors in, WindowOutputs sink)
      throws OrtException {
    int rows = in.rows();
    int length = in.length();
    int dim = sink.dim(index);
    if (sink.kind(index) == WindowOutputs.Kind.LONG) {
      LongBuffer values = ((OnnxTensor) value(result, o)).getLongBuffer();
      long[] dst = sink.longs(index);
      for (int i = 0; i < rows; i++) {
        dst[in.windowRow(i)] = values.get(i);
      }
      return;
    }
    FloatBuffer values =
        o.shape != null
            ? o.buffer.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer()
            : ((OnnxTensor) value(result, o)).getFloatBuffer();
    float[] dst = sink.floats(index);
    if (o.binding.meanPool()) {
      ensurePooled(rows * dim);
      PoolingMath.meanPool(values, in.longs(spec.poolingMask), rows, length, dim, pooled);
      PoolingMath.l2NormalizeRows(pooled, rows, dim);
      for (int i = 0; i < rows; i++) {
        System.arraycopy(pooled, i * dim, dst, in.windowRow(i) * dim, dim);
      }
    } else if (sink.kind(index) == WindowOutputs.Kind.TOKENS) {
      for (int i = 0; i < rows; i++) {
        if (!in.isNull(i)) {
          values.get(
              i * length * dim,
              dst,
              sink.tokenOffset(in.windowRow(i)) * dim,
              in.rowLength(i) * dim);
        }
      }
    } else {
      for (int i = 0; i < rows; i++) {
        values.get(i * dim, dst, in.windowRow(i) * dim, dim);
      }
    }
  }

  private void ensurePooled(int n) {
    if (pooled.length < n) {
      pooled = new float[Math.max(n, pooled.length * 2)];
    }
  }

  private static OnnxValue value(OrtSession.Result result, Out o) {
    return result
        .get(o.tensor.name())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "ONNX Runtime returned no output '" + o.tensor.name() + "'"));
  }

  private long[] resolve(TensorSpec t, int rows, int length) {
    long[] shape = t.shape().clone();
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] >= 0) {
        continue;
      }
      String n = t.dimName(i);
      if (i == 0 || (!n.isEmpty() && n.equals(batchDim))) {
        shape[i] = rows;
      } else if (!n.isEmpty() && n.equals(lengthDim)) {
        shape[i] = length;
      }
    }
    return shape;
  }

  private static boolean resolved(long[] shape) {
    for (long d : shape) {
      if (d < 0) {
        return false;
      }
    }
    return true;
  }
}
