package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Compute;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.testing.DuckDb;
import java.io.RandomAccessFile;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint records of a real resumable job damaged between runs (a flipped bit, a cut file, an
 * emptied file): the resumed run reruns exactly those splits plus the unfinished ones, and the
 * output read back by DuckDB holds every id once with the uninterrupted run's values.
 */
class CorruptCheckpointTest {

  @TempDir Path dir;

  static final long ROWS = 24_000;
  static final AtomicLong SEEN = new AtomicLong();
  static final Set<Long> IDS = ConcurrentHashMap.newKeySet();
  static volatile long failAfter = Long.MAX_VALUE;

  private long run(Path input, Path output) {
    SEEN.set(0);
    IDS.clear();
    ExecutionOptions o =
        ExecutionOptions.builder()
            .cpuSlots(2)
            .progress(false)
            .retryBackoff(Duration.ofMillis(1))
            .build();
    try (Sluice s = Sluice.local(o)) {
      s.read("parquet", List.of(input.toString()), Map.of("minTaskBytes", "1"))
          .map(r -> Row.of("id", r.getLong("id"), "value", ResumableJobMain.value(r.getLong("id"))))
          .mapBatches(
              (b, a) -> {
                BigIntVector id = (BigIntVector) b.getVector("id");
                for (int i = 0; i < b.getRowCount(); i++) {
                  IDS.add(id.get(i));
                }
                if (SEEN.addAndGet(b.getRowCount()) > failAfter) {
                  throw new IllegalStateException("the machine went away");
                }
                return b;
              },
              Compute.tasks())
          .writeParquet(output.toString(), WriteOptions.defaults().withJobId("ckpt-job"));
    }
    return SEEN.get();
  }

  private List<Path> records() throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".ckpt")).sorted().toList();
    }
  }

  /** The ids in the staging files an intact record lists, read by DuckDB. */
  private static Set<Long> idsOf(Path record) throws Exception {
    String text = Files.readString(record, StandardCharsets.ISO_8859_1);
    Properties p = new Properties();
    p.load(new StringReader(text.substring(text.indexOf('\n') + 1)));
    Set<Long> ids = new HashSet<>();
    try (DuckDb db = DuckDb.inMemory()) {
      for (int i = 0; i < Integer.parseInt(p.getProperty("results")); i++) {
        for (String f : p.getProperty(i + ".files").split("/")) {
          Path file = record.getParent().getParent().resolve(f);
          db.query("SELECT id FROM read_parquet('" + file + "')")
              .forEach(r -> ids.add(((Number) r.get(0)).longValue()));
        }
      }
    }
    return ids;
  }

  @Test
  void damagedRecordsReadAsNotWrittenAndOnlyTheirSplitsRerun() throws Exception {
    Path input = dir.resolve("input");
    try (Sluice s = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      s.range(ROWS)
          .map(r -> Row.of("id", r.getLong("id")))
          .writeParquet(
              input.toString(),
              WriteOptions.defaults().withProperty("rowGroupBytes", String.valueOf(8 << 10)));
    }
    Path output = dir.resolve("output");
    failAfter = ROWS * 6 / 10;
    assertThatThrownBy(() -> run(input, output)).hasMessageContaining("the machine went away");
    failAfter = Long.MAX_VALUE;
    List<Path> records = records();
    assertThat(records).as("checkpoints of the failed run").hasSizeGreaterThanOrEqualTo(4);
    assertThat(output.resolve("_SUCCESS")).doesNotExist();

    Set<Long> damagedIds = new HashSet<>();
    Path flipped = records.get(0);
    damagedIds.addAll(idsOf(flipped));
    try (RandomAccessFile raf = new RandomAccessFile(flipped.toFile(), "rw")) {
      long pos = raf.length() * 2 / 3; // inside the body: a digit of a row count or a file name
      raf.seek(pos);
      int v = raf.read();
      raf.seek(pos);
      raf.write(v ^ 0x01);
    }
    Path cut = records.get(1);
    damagedIds.addAll(idsOf(cut));
    try (RandomAccessFile raf = new RandomAccessFile(cut.toFile(), "rw")) {
      raf.setLength(raf.length() - 25); // loses the last properties: a shorter list of files
    }
    Path emptied = records.get(2);
    damagedIds.addAll(idsOf(emptied));
    Files.write(emptied, new byte[0]);

    long rerun = run(input, output);
    assertThat(damagedIds).hasSizeGreaterThan(1000);
    assertThat(IDS).as("ids the resumed run processed").containsAll(damagedIds);
    assertThat(rerun).as("rows the resumed run processed").isLessThan(ROWS);
    ExactOutput got = ExactOutput.check(output, ROWS);
    assertThat(got.exact()).as(got.toString()).isTrue();
    assertThat(got.rows()).isEqualTo(ROWS);
    assertThat(records()).as("checkpoints after the commit").isEmpty();
  }
}
