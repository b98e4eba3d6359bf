package io.sluice.benchmarks.jmh;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.options.SpillCodec;
import io.sluice.executor.store.SpillDirectory;
import io.sluice.executor.store.SpillFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Block spill write and read-back (executor's {@link SpillFile}: Arrow IPC with compressed buffers)
 * for one block of {@value #ROWS} rows of (int64, float64, utf8), per codec. Score: blocks per
 * second (the block is about {@code ROWS * 40} bytes of Arrow memory).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SpillBench {

  static final int ROWS = 65_536;

  @Param({"LZ4_FRAME", "ZSTD", "NONE"})
  public String codec;

  private Path base;
  private BufferAllocator allocator;
  private VectorSchemaRoot block;
  private SpillDirectory dir;
  private SpillFile written;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    base = Files.createTempDirectory("sluice-jmh-spill");
    allocator = new RootAllocator();
    BigIntVector ids = new BigIntVector("id", allocator);
    Float8Vector scores = new Float8Vector("score", allocator);
    VarCharVector text = new VarCharVector("text", allocator);
    SplittableRandom random = new SplittableRandom(9);
    for (int r = 0; r < ROWS; r++) {
      ids.setSafe(r, r);
      scores.setSafe(r, random.nextDouble());
      text.setSafe(
          r, ("row " + r + " category " + random.nextInt(50)).getBytes(StandardCharsets.UTF_8));
    }
    block = VectorSchemaRoot.of(ids, scores, text);
    block.setRowCount(ROWS);
    ExecutionOptions options =
        ExecutionOptions.builder().spillDir(base).spillCodec(SpillCodec.valueOf(codec)).build();
    dir = new SpillDirectory(options, "jmh");
    written = SpillFile.write(dir, "read", List.of(block), allocator);
  }

  @Benchmark
  public long write() {
    SpillFile f = SpillFile.write(dir, "write", List.of(block), allocator);
    long bytes = f.fileBytes();
    f.delete();
    return bytes;
  }

  @Benchmark
  public long read() {
    long rows = 0;
    try (SpillFile.Reader r = written.open(allocator)) {
      for (VectorSchemaRoot b = r.next(); b != null; b = r.next()) {
        rows += b.getRowCount();
        b.close();
      }
    }
    return rows;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    written.delete();
    dir.close();
    block.close();
    allocator.close();
  }
}
