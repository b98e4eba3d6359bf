package io.sluice.remote;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;

/** The utf8 output column of the text operations (chat completions, completions). Stateless. */
final class Utf8Columns {

  private Utf8Columns() {}

  /**
   * A column named {@code name} of {@code rows} strings from {@code values} (null entries are null
   * rows).
   */
  static VarCharVector of(String name, Object[] values, int rows, BufferAllocator allocator) {
    VarCharVector out = new VarCharVector(name, allocator);
    try {
      out.allocateNew(rows);
      for (int r = 0; r < rows; r++) {
        if (values[r] == null) {
          out.setNull(r);
        } else {
          out.setSafe(r, ((String) values[r]).getBytes(StandardCharsets.UTF_8));
        }
      }
      out.setValueCount(rows);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }
}
