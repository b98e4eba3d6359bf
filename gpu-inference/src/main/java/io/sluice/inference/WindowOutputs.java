package io.sluice.inference;

import ai.onnxruntime.OnnxJavaType;
import io.sluice.operators.vector.VectorColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * One window's outputs, staged in the window's original row order while model batches finish in any
 * order, then turned into Arrow columns once. Model batches write their rows at their window
 * positions ({@link #floats}, {@link #longs}, {@link #tokenOffset}); rows no batch writes are the
 * null rows. Staging arrays are reused across windows.
 *
 * <p>Call-order rules: {@link #begin}, writes from one thread at a time, then {@link #columns}.
 */
final class WindowOutputs {

  enum Kind {
    VECTOR,
    FLOAT,
    LONG,
    TOKENS
  }

  private final List<OutputBinding> bindings;
  private final Kind[] kinds;
  private final int[] dims;
  private final float[][] floats;
  private final long[][] longs;
  private boolean[] nulls = new boolean[0];
  private int[] tokenStarts = new int[1];
  private int rows;

  WindowOutputs(List<OutputBinding> bindings, List<TensorSpec> tensors) {
    this.bindings = bindings;
    int n = bindings.size();
    kinds = new Kind[n];
    dims = new int[n];
    floats = new float[n][0];
    longs = new long[n][0];
    for (int i = 0; i < n; i++) {
      TensorSpec t = tensors.get(i);
      if (t.type() == OnnxJavaType.INT64) {
        kinds[i] = Kind.LONG;
        dims[i] = 1;
      } else if (bindings.get(i).meanPool() || t.rank() == 3) {
        kinds[i] = bindings.get(i).meanPool() ? Kind.VECTOR : Kind.TOKENS;
        dims[i] = (int) t.dim(2);
      } else if (t.rank() == 2) {
        kinds[i] = Kind.VECTOR;
        dims[i] = (int) t.dim(1);
      } else {
        kinds[i] = Kind.FLOAT;
        dims[i] = 1;
      }
    }
  }

  /** Starts a window of {@code rows} rows with these per-row token counts and nulls. */
  void begin(int rows, int[] lengths, boolean[] rowNulls) {
    this.rows = rows;
    if (nulls.length < rows) {
      nulls = new boolean[rows];
      tokenStarts = new int[rows + 1];
    }
    int tokens = 0;
    for (int r = 0; r < rows; r++) {
      nulls[r] = rowNulls[r];
      tokenStarts[r] = tokens;
      tokens += rowNulls[r] ? 0 : lengths[r];
    }
    tokenStarts[rows] = tokens;
    for (int i = 0; i < kinds.length; i++) {
      int need = kinds[i] == Kind.TOKENS ? tokens * dims[i] : rows * dims[i];
      if (kinds[i] == Kind.LONG) {
        longs[i] = longs[i].length >= need ? longs[i] : new long[need];
      } else if (floats[i].length < need) {
        floats[i] = new float[Math.max(need, floats[i].length + floats[i].length / 2)];
      }
    }
  }

  Kind kind(int out) {
    return kinds[out];
  }

  int dim(int out) {
    return dims[out];
  }

  /**
   * Output {@code out}'s float staging: row {@code r} at {@code r * dim} (tokens: {@link
   * #tokenOffset}).
   */
  float[] floats(int out) {
    return floats[out];
  }

  long[] longs(int out) {
    return longs[out];
  }

  /** First token of window row {@code r} in a {@link Kind#TOKENS} output's staging, in tokens. */
  int tokenOffset(int r) {
    return tokenStarts[r];
  }

  /** The window's output columns, in binding order (caller owns them). */
  List<FieldVector> columns(BufferAllocator allocator) {
    List<FieldVector> cols = new ArrayList<>();
    try {
      for (int i = 0; i < kinds.length; i++) {
        cols.add(column(i, bindings.get(i).column(), allocator));
      }
      return cols;
    } catch (RuntimeException e) {
      cols.forEach(FieldVector::close);
      throw e;
    }
  }

  private FieldVector column(int i, String name, BufferAllocator allocator) {
    switch (kinds[i]) {
      case VECTOR:
        return VectorColumns.writeVectors(name, dims[i], floats[i], rows, nulls, allocator);
      case LONG:
        {
          BigIntVector v = new BigIntVector(name, allocator);
          v.allocateNew(Math.max(rows, 1));
          for (int r = 0; r < rows; r++) {
            if (nulls[r]) {
              v.setNull(r);
            } else {
              v.set(r, longs[i][r]);
            }
          }
          v.setValueCount(rows);
          return v;
        }
      case FLOAT:
        {
          Float4Vector v = new Float4Vector(name, allocator);
          v.allocateNew(Math.max(rows, 1));
          for (int r = 0; r < rows; r++) {
            if (nulls[r]) {
              v.setNull(r);
            } else {
              v.set(r, floats[i][r]);
            }
          }
          v.setValueCount(rows);
          return v;
        }
      default:
        return tokenVectors(name, dims[i], floats[i], allocator);
    }
  }

  /** A rank-3 output as {@code list<fixed_size_list<float32>[dim]>}, each row its own tokens. */
  private FieldVector tokenVectors(
      String name, int dim, float[] values, BufferAllocator allocator) {
    ListVector list =
        (ListVector) VectorColumns.tokenVectorsField(name, dim).createVector(allocator);
    try {
      list.setInitialCapacity(Math.max(rows, 1));
      list.allocateNew();
      for (int r = 0; r < rows; r++) {
        list.getOffsetBuffer().setInt((long) r * Integer.BYTES, tokenStarts[r]);
        if (nulls[r]) {
          list.setNull(r);
        } else {
          list.setNotNull(r);
        }
      }
      int tokens = tokenStarts[rows];
      list.getOffsetBuffer().setInt((long) rows * Integer.BYTES, tokens);
      try (FixedSizeListVector inner =
          VectorColumns.writeVectors("item", dim, values, tokens, null, allocator)) {
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
}
