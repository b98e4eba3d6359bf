package io.sluice.inference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sluice.operators.vector.PoolingMath;
import io.sluice.operators.vector.VectorColumns;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * The tensor-to-Arrow half of the bridge, one per actor. Where every dimension of an output can be
 * resolved before running (fixed, or named like an input's batch/sequence dimension), ORT writes
 * straight into a reused direct buffer ("pinned output"); otherwise ORT allocates and we read its
 * buffer once. Pooled outputs are reduced in place with {@link PoolingMath}, so the
 * {@code [batch, seq, dim]} hidden state never becomes an Arrow column.
 *
 * <p>Call-order rules: per batch, {@link #pin} before running, {@link #columns} after; not thread-safe.
 */
final class OutputTensors {

  private final OnnxModelSpec spec;
  private final List<Out> outs = new ArrayList<>();
  private final String batchDim;
  private final String lengthDim;
  private float[] pooled = new float[0];
  private boolean[] nulls = new boolean[0];

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
  java.util.Set<String> unpinned() {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    for (Out o : outs) {
      if (o.shape == null) {
        names.add(o.tensor.name());
      }
    }
    return names;
  }

  /** The new Arrow columns for the batch just run (caller owns them). */
  List<FieldVector> columns(OrtSession.Result result, InputTensors in, BufferAllocator allocator)
      throws OrtException {
    int rows = in.rows();
    if (nulls.length < rows) {
      nulls = new boolean[rows];
    }
    for (int r = 0; r < rows; r++) {
      nulls[r] = in.isNull(r);
    }
    List<FieldVector> cols = new ArrayList<>();
    try {
      for (Out o : outs) {
        cols.add(column(o, result, in, allocator));
      }
      return cols;
    } catch (OrtException | RuntimeException e) {
      cols.forEach(FieldVector::close);
      throw e;
    }
  }

  /** Zero-row columns of the output types, for an empty batch (the model is not run). */
  List<FieldVector> emptyColumns(BufferAllocator allocator) {
    List<FieldVector> cols = new ArrayList<>();
    for (Out o : outs) {
      String name = o.binding.column();
      FieldVector v;
      if (o.tensor.type() == OnnxJavaType.INT64) {
        v = new BigIntVector(name, allocator);
      } else if (o.binding.meanPool()) {
        v = VectorColumns.vectorField(name, (int) o.tensor.dim(2)).createVector(allocator);
      } else if (o.tensor.rank() == 1) {
        v = new Float4Vector(name, allocator);
      } else if (o.tensor.rank() == 2) {
        v = VectorColumns.vectorField(name, (int) o.tensor.dim(1)).createVector(allocator);
      } else {
        v = VectorColumns.tokenVectorsField(name, (int) o.tensor.dim(2)).createVector(allocator);
      }
      v.allocateNew();
      v.setValueCount(0);
      cols.add(v);
    }
    return cols;
  }

  private FieldVector column(Out o, OrtSession.Result result, InputTensors in, BufferAllocator allocator)
      throws OrtException {
    int rows = in.rows();
    int length = in.length();
    String name = o.binding.column();
    if (o.tensor.type() == OnnxJavaType.INT64) {
      LongBuffer values = ((OnnxTensor) value(result, o)).getLongBuffer();
      BigIntVector v = new BigIntVector(name, allocator);
      v.allocateNew(rows);
      for (int r = 0; r < rows; r++) {
        if (nulls[r]) {
          v.setNull(r);
        } else {
          v.set(r, values.get(r));
        }
      }
      v.setValueCount(rows);
      return v;
    }
    FloatBuffer values = o.shape != null
        ? o.buffer.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer()
        : ((OnnxTensor) value(result, o)).getFloatBuffer();
    int rank = o.tensor.rank();
    if (o.binding.meanPool()) {
      int dim = (int) o.tensor.dim(2);
      ensurePooled(rows * dim);
      PoolingMath.meanPool(values, in.longs(spec.poolingMask), rows, length, dim, pooled);
      PoolingMath.l2NormalizeRows(pooled, rows, dim);
      return VectorColumns.writeVectors(name, dim, pooled, rows, nulls, allocator);
    }
    if (rank == 1) {
      Float4Vector v = new Float4Vector(name, allocator);
      v.allocateNew(rows);
      for (int r = 0; r < rows; r++) {
        if (nulls[r]) {
          v.setNull(r);
        } else {
          v.set(r, values.get(r));
        }
      }
      v.setValueCount(rows);
      return v;
    }
    if (rank == 2) {
      int dim = (int) o.tensor.dim(1);
      ensurePooled(rows * dim);
      values.get(0, pooled, 0, rows * dim);
      return VectorColumns.writeVectors(name, dim, pooled, rows, nulls, allocator);
    }
    return tokenVectors(name, (int) o.tensor.dim(2), values, in, allocator);
  }

  /** A rank-3 output as {@code list<fixed_size_list<float32>[dim]>}, each row cut to its own token count. */
  private FieldVector tokenVectors(String name, int dim, FloatBuffer values, InputTensors in,
      BufferAllocator allocator) {
    int rows = in.rows();
    int length = in.length();
    ListVector list = (ListVector) VectorColumns.tokenVectorsField(name, dim).createVector(allocator);
    try {
      int tokens = 0;
      for (int r = 0; r < rows; r++) {
        tokens += nulls[r] ? 0 : in.rowLength(r);
      }
      ensurePooled(tokens * dim);
      list.setInitialCapacity(rows);
      list.allocateNew();
      int at = 0;
      for (int r = 0; r < rows; r++) {
        list.getOffsetBuffer().setInt((long) r * Integer.BYTES, at);
        if (nulls[r]) {
          list.setNull(r);
          continue;
        }
        int n = in.rowLength(r);
        values.get(r * length * dim, pooled, at * dim, n * dim);
        at += n;
        list.setNotNull(r);
      }
      list.getOffsetBuffer().setInt((long) rows * Integer.BYTES, at);
      boolean[] none = new boolean[at];
      FixedSizeListVector inner = VectorColumns.writeVectors("item", dim, pooled, at, none, allocator);
      try (inner) {
        inner.makeTransferPair(list.getDataVector()).transfer();
      }
      list.setLastSet(rows - 1);
      list.setValueCount(rows);
      return list;
    } catch (RuntimeException e) {
      list.close();
      throw e;
    }
  }

  private void ensurePooled(int n) {
    if (pooled.length < n) {
      pooled = new float[Math.max(n, pooled.length * 2)];
    }
  }

  private static OnnxValue value(OrtSession.Result result, Out o) {
    return result.get(o.tensor.name()).orElseThrow(() ->
        new IllegalStateException("ONNX Runtime returned no output '" + o.tensor.name() + "'"));
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
