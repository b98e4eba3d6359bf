package io.sluice.benchmarks.memory;

import io.sluice.api.arrow.Batches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Rows of an id and a payload of real, touched bytes; and simulated work. */
final class Rows {

  private Rows() {}

  static Schema schema(int rowBytes) {
    return new Schema(
        List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("payload", new ArrowType.FixedSizeBinary(rowBytes))));
  }

  static final Schema IDS = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true))));

  /** {@code n} rows with ids from {@code first}; every payload byte is written (real memory). */
  static VectorSchemaRoot make(BufferAllocator a, long first, int n, int rowBytes) {
    VectorSchemaRoot r = VectorSchemaRoot.create(schema(rowBytes), a);
    BigIntVector id = (BigIntVector) r.getVector(0);
    FixedSizeBinaryVector p = (FixedSizeBinaryVector) r.getVector(1);
    id.allocateNew(n);
    p.allocateNew(n);
    for (int i = 0; i < n; i++) {
      id.set(i, first + i);
      p.setIndexDefined(i);
    }
    p.getDataBuffer().setByte(0, 0);
    p.getDataBuffer().setOne(0, (long) n * rowBytes); // touch every page
    p.getDataBuffer().setLong(0, first);
    p.setValueCount(n);
    id.setValueCount(n);
    r.setRowCount(n);
    return r;
  }

  /**
   * {@link Batches#bytes} of a batch of {@code n} rows: a target block size that holds exactly n
   * rows.
   */
  static long batchBytes(int n, int rowBytes) {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot r = make(a, 0, n, rowBytes)) {
      return Batches.bytes(r);
    }
  }

  /** Sleeps until {@code System.nanoTime()} reaches {@code deadline} (at once if it has). */
  static void sleepUntil(long deadline) {
    long left = deadline - System.nanoTime();
    if (left > 0) {
      sleep(left / 1_000_000);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Resident set size of this process, from /proc (0 where unavailable). */
  static long rss() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (Exception e) {
      return 0;
    }
    return 0;
  }
}
