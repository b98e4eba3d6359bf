package io.sluice.inference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.sluice.api.SluiceException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * The Arrow-to-tensor half of the bridge, one per actor. Each bound list column becomes a row-major
 * {@code [batch, length]} tensor over a reused direct native-order buffer (ORT wraps it without
 * copying; {@link OnnxTensor#ownsBuffer()} is false), padded with 0 after each row's values, so the
 * attention mask is 0 on padding.
 *
 * <p>A batch is any selection of a window's rows ({@link #prepare(VectorSchemaRoot, int[], int,
 * int)}), gathered row by row with bulk copies, so length-sorted batches need no Arrow copy of the
 * window.
 *
 * <p>Call-order rules: {@link #prepare} then {@link #tensors} for each batch; the tensors and the
 * views from {@link #longs} are valid until the next {@link #prepare}. Not thread-safe.
 */
final class InputTensors {

  private final String model;
  private final Slot[] slots;
  private final long modelFixedLength;
  private final SequenceLength policy;
  private int[] lengths = new int[0];
  private boolean[] nulls = new boolean[0];
  private int[] identity = new int[0];
  private int[] selection = new int[0];
  private int offset;
  private int rows;
  private int length;

  private static final class Slot {
    final InputBinding binding;
    final OnnxJavaType type;
    ByteBuffer buffer;

    Slot(InputBinding binding, OnnxJavaType type) {
      this.binding = binding;
      this.type = type;
    }
  }

  InputTensors(
      String model,
      List<InputBinding> bindings,
      Map<String, TensorSpec> specs,
      SequenceLength policy) {
    this.model = model;
    this.policy = policy;
    this.slots = new Slot[bindings.size()];
    long fixed = -1;
    for (int i = 0; i < slots.length; i++) {
      TensorSpec spec = specs.get(bindings.get(i).tensor());
      slots[i] = new Slot(bindings.get(i), spec.type());
      fixed = Math.max(fixed, spec.dim(1));
    }
    this.modelFixedLength = fixed;
  }

  /** Prepares all rows of {@code root}, in order, as one batch (nulls included, zero-filled). */
  int prepare(VectorSchemaRoot root) {
    int n = root.getRowCount();
    if (identity.length < n) {
      identity = new int[Math.max(n, identity.length * 2)];
      for (int i = 0; i < identity.length; i++) {
        identity[i] = i;
      }
    }
    return prepare(root, identity, 0, n);
  }

  /**
   * Prepares the batch of window rows {@code rowIds[from .. from + n)} of {@code root}: reads their
   * lengths and nulls and picks the padded length, which it returns. Batch row {@code i} is window
   * row {@code rowIds[from + i]}.
   */
  int prepare(VectorSchemaRoot root, int[] rowIds, int from, int n) {
    rows = n;
    selection = rowIds;
    offset = from;
    if (lengths.length < rows) {
      lengths = new int[Math.max(rows, lengths.length * 2)];
      nulls = new boolean[lengths.length];
    }
    int longest = 0;
    int longestRow = -1;
    for (int i = 0; i < rows; i++) {
      lengths[i] = 0;
      nulls[i] = false;
    }
    for (Slot s : slots) {
      FieldVector v = column(root, s.binding);
      for (int i = 0; i < rows; i++) {
        int r = rowIds[from + i];
        if (v.isNull(r)) {
          nulls[i] = true;
          continue;
        }
        int len = end(v, r) - start(v, r);
        if (len > lengths[i]) {
          lengths[i] = len;
        }
        if (len > longest) {
          longest = len;
          longestRow = r;
        }
      }
    }
    length = policy.choose(longest, modelFixedLength, model, longestRow);
    return length;
  }

  /**
   * Window-wide lengths (the longest bound column of each row) and nulls (null in any bound column)
   * of {@code root}, for planning model batches.
   */
  void measure(VectorSchemaRoot root, int[] rowLengths, boolean[] rowNulls) {
    int n = root.getRowCount();
    Arrays.fill(rowLengths, 0, n, 0);
    Arrays.fill(rowNulls, 0, n, false);
    for (Slot s : slots) {
      FieldVector v = column(root, s.binding);
      for (int r = 0; r < n; r++) {
        if (v.isNull(r)) {
          rowNulls[r] = true;
        } else {
          rowLengths[r] = Math.max(rowLengths[r], end(v, r) - start(v, r));
        }
      }
    }
  }

  /** Bytes the input tensors of the prepared batch take. */
  long bytes() {
    long total = 0;
    for (Slot s : slots) {
      total += (long) rows * length * s.type.size;
    }
    return total;
  }

  /** Fills the buffers from {@code root} and wraps them as tensors (caller closes the tensors). */
  Map<String, OnnxTensor> tensors(OrtEnvironment env, VectorSchemaRoot root) throws OrtException {
    Map<String, OnnxTensor> out = new LinkedHashMap<>();
    long[] shape = {rows, length};
    try {
      for (Slot s : slots) {
        long bytes = (long) rows * length * s.type.size;
        s.buffer = DirectBuffers.ensure(s.buffer, bytes);
        fill(s, column(root, s.binding));
        ByteBuffer view = s.buffer.duplicate().order(ByteOrder.nativeOrder());
        view.position(0).limit((int) bytes);
        OnnxTensor t =
            switch (s.type) {
              case INT64 -> OnnxTensor.createTensor(env, view.asLongBuffer(), shape);
              case INT32 -> OnnxTensor.createTensor(env, view.asIntBuffer(), shape);
              case FLOAT -> OnnxTensor.createTensor(env, view.asFloatBuffer(), shape);
              default -> throw new IllegalStateException("unsupported input type " + s.type);
            };
        out.put(s.binding.tensor(), t);
      }
      return out;
    } catch (OrtException | RuntimeException e) {
      out.values().forEach(OnnxTensor::close);
      throw e;
    }
  }

  /**
   * The prepared int64 tensor {@code tensor} as a {@code [rows * length]} view (for pooling masks).
   */
  LongBuffer longs(String tensor) {
    for (Slot s : slots) {
      if (s.binding.tensor().equals(tensor) && s.type == OnnxJavaType.INT64) {
        ByteBuffer view = s.buffer.duplicate().order(ByteOrder.nativeOrder());
        view.position(0).limit(rows * length * Long.BYTES);
        return view.asLongBuffer();
      }
    }
    throw new IllegalStateException("no int64 input '" + tensor + "' is bound");
  }

  int rows() {
    return rows;
  }

  int length() {
    return length;
  }

  /** Tokens in batch row {@code i} (the longest of the bound columns). */
  int rowLength(int i) {
    return lengths[i];
  }

  /** Whether batch row {@code i} is null in any bound column (its outputs become null). */
  boolean isNull(int i) {
    return nulls[i];
  }

  /** The window row that batch row {@code i} came from. */
  int windowRow(int i) {
    return selection[offset + i];
  }

  private void fill(Slot s, FieldVector v) {
    FieldVector data =
        v instanceof ListVector l ? l.getDataVector() : ((FixedSizeListVector) v).getDataVector();
    ByteBuffer dst = s.buffer.duplicate().order(ByteOrder.nativeOrder());
    switch (s.type) {
      case INT64 -> fillLongs(dst.asLongBuffer(), v, data);
      case INT32 -> fillInts(dst.asIntBuffer(), v, intView((IntVector) data));
      case FLOAT -> fillFloats(dst.asFloatBuffer(), v, floatView((Float4Vector) data));
      default -> throw new IllegalStateException("unsupported input type " + s.type);
    }
  }

  private void fillLongs(LongBuffer dst, FieldVector v, FieldVector data) {
    LongBuffer longs =
        data instanceof BigIntVector b
            ? view(b.getDataBuffer(), b.getValueCount(), 8).asLongBuffer()
            : null;
    IntBuffer ints = data instanceof IntVector i ? intView(i) : null;
    for (int i = 0; i < rows; i++) {
      int r = selection[offset + i];
      int base = i * length;
      int n = 0;
      if (!v.isNull(r)) {
        int start = start(v, r);
        n = end(v, r) - start;
        if (longs != null) {
          dst.put(base, longs, start, n);
        } else {
          for (int t = 0; t < n; t++) {
            dst.put(base + t, ints.get(start + t));
          }
        }
      }
      for (int t = n; t < length; t++) {
        dst.put(base + t, 0L);
      }
    }
  }

  private void fillInts(IntBuffer dst, FieldVector v, IntBuffer src) {
    for (int i = 0; i < rows; i++) {
      int r = selection[offset + i];
      int base = i * length;
      int n = 0;
      if (!v.isNull(r)) {
        int start = start(v, r);
        n = end(v, r) - start;
        dst.put(base, src, start, n);
      }
      for (int t = n; t < length; t++) {
        dst.put(base + t, 0);
      }
    }
  }

  private void fillFloats(FloatBuffer dst, FieldVector v, FloatBuffer src) {
    for (int i = 0; i < rows; i++) {
      int r = selection[offset + i];
      int base = i * length;
      int n = 0;
      if (!v.isNull(r)) {
        int start = start(v, r);
        n = end(v, r) - start;
        dst.put(base, src, start, n);
      }
      for (int t = n; t < length; t++) {
        dst.put(base + t, 0f);
      }
    }
  }

  private FieldVector column(VectorSchemaRoot root, InputBinding b) {
    FieldVector v = root.getVector(b.column());
    if (!(v instanceof ListVector) && !(v instanceof FixedSizeListVector)) {
      throw new SluiceException(
          "model "
              + model
              + ": input '"
              + b.tensor()
              + "' is bound to column '"
              + b.column()
              + "', which is "
              + (v == null ? "missing from the batch" : "not a list column: " + v.getField()));
    }
    return v;
  }

  private static int start(FieldVector v, int r) {
    return v instanceof ListVector l
        ? l.getElementStartIndex(r)
        : r * ((FixedSizeListVector) v).getListSize();
  }

  private static int end(FieldVector v, int r) {
    return v instanceof ListVector l
        ? l.getElementEndIndex(r)
        : (r + 1) * ((FixedSizeListVector) v).getListSize();
  }

  private static IntBuffer intView(IntVector v) {
    return view(v.getDataBuffer(), v.getValueCount(), 4).asIntBuffer();
  }

  private static FloatBuffer floatView(Float4Vector v) {
    return view(v.getDataBuffer(), v.getValueCount(), 4).asFloatBuffer();
  }

  private static ByteBuffer view(ArrowBuf buf, int values, int width) {
    return buf.nioBuffer(0, values * width).order(ByteOrder.LITTLE_ENDIAN);
  }
}
