package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.OperatorException;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.SluiceException;
import io.sluice.api.row.RowBatchBuilder;
import io.sluice.api.source.RangeSource;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import io.sluice.testing.Faults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType.Int;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, actor restarts, poison rows with dead letters, and the no-progress watchdog. */
class ReliabilityTest {

  @TempDir Path dir;

  static ExecutionOptions.Builder opts() {
    return ExecutionOptions.builder()
        .cpuSlots(2)
        .progress(false)
        .retryBackoff(Duration.ofMillis(1));
  }

  static final Schema TWICE =
      new Schema(
          List.of(
              Field.nullable("id", new Int(64, true)), Field.nullable("twice", new Int(64, true))));

  static List<Long> ids(List<Row> rows) {
    return rows.stream().map(r -> r.getLong("id")).toList();
  }

  /**
   * Passes batches through, throwing when a batch holds a poison id (every 1000th row, offset 7).
   */
  static final class PoisonAwareModel implements UdfFactory {
    @Override
    public String name() {
      return "Model";
    }

    @Override
    public BatchUdf create(UdfContext context) {
      return (batch, allocator) -> {
        BigIntVector id = (BigIntVector) batch.getVector("id");
        for (int i = 0; i < batch.getRowCount(); i++) {
          if (id.get(i) % 1000 == 7) {
            throw new IllegalArgumentException("tensor shape mismatch for id " + id.get(i));
          }
        }
        return batch;
      };
    }
  }

  @Test
  void thousandInjectedFaultsStillGiveExactOutput() {
    // Faults come from decorators around the source and the UDFs, as a flaky disk or model would
    // cause.
    Faults faults = Faults.seeded(42);
    ExecutionOptions o =
        opts().targetBlockBytes(8 * 50).maxTaskRetries(20).maxActorRestarts(10_000).build();
    try (Sluice s = Sluice.local(o)) {
      UdfFactory twice =
          UdfFactory.of(
              "Map",
              (batch, allocator) -> {
                BigIntVector id = (BigIntVector) batch.getVector("id");
                return RowBatchBuilder.build(
                    TWICE,
                    IntStream.range(0, batch.getRowCount())
                        .mapToObj(i -> Row.of("id", id.get(i), "twice", id.get(i) * 2))
                        .toList(),
                    allocator);
              },
              TWICE);
      Dataset ds =
          s.read(faults.failingReads(new RangeSource(100_000, 2), 0.05))
              .mapBatches(faults.failingCalls(twice, 0.25), Compute.tasks())
              .mapBatches(
                  faults
                      .failingCalls(UdfFactory.of("Identity", (batch, allocator) -> batch), 0.25)
                      .dyingActors(0.02),
                  Compute.actors(2).batchSize(100));
      var taken = ds.takeAllWithStats();
      List<Row> rows = taken.value();
      assertThat(ids(rows)).isEqualTo(LongStream.range(0, 100_000).boxed().toList());
      assertThat(rows.get(12_345).getLong("twice")).isEqualTo(24_690);
      JobStats stats = taken.stats();
      assertThat(stats.retries() + stats.actorRestarts()).isGreaterThanOrEqualTo(1000);
      assertThat(stats.actorRestarts()).isPositive();
      assertThat(stats.toTable()).contains("retries");
    }
  }

  @Test
  void poisonRowsAreSkippedIntoDeadLettersExactly() throws Exception {
    Path out = dir.resolve("out");
    Path dead = dir.resolve("dead");
    ExecutionOptions o =
        opts().errorPolicy(ErrorPolicy.skip(1000, 0).withDeadLetterPath(dead.toString())).build();
    try (Sluice s = Sluice.local(o)) {
      JobStats written =
          s.range(100_000)
              .map(
                  r -> {
                    if (r.getLong("id") % 1000 == 999) {
                      throw new IllegalStateException("bad row " + r.getLong("id"));
                    }
                    return r;
                  })
              .mapBatches(new PoisonAwareModel(), Compute.actors(1).batchSize(256))
              .writeParquet(out.toString())
              .stats();
      assertThat(written.skippedRows()).isEqualTo(200);
      List<Long> kept = ids(s.readParquet(out.toString()).takeAll());
      assertThat(kept)
          .hasSize(99_800)
          .doesNotHaveDuplicates()
          .noneMatch(id -> id % 1000 == 7 || id % 1000 == 999);
      ObjectMapper json = new ObjectMapper();
      List<Row> letters = s.readParquet(dead.toString()).takeAll();
      assertThat(letters).hasSize(200);
      assertThat(
              letters.stream()
                  .map(
                      r -> {
                        try {
                          return json.readTree(r.getString("row")).get("id").asLong();
                        } catch (Exception e) {
                          throw new AssertionError(e);
                        }
                      })
                  .sorted()
                  .toList())
          .isEqualTo(
              LongStream.range(0, 100_000)
                  .filter(id -> id % 1000 == 7 || id % 1000 == 999)
                  .boxed()
                  .toList());
      assertThat(letters).extracting(r -> r.getString("operator")).contains("Map", "Model");
      assertThat(letters)
          .allMatch(r -> r.getString("error_message") != null && r.getInt("attempts") >= 1);
    }
  }

  /**
   * One 3 MiB text among 5,000 short ones, before a model that refuses any batch holding a text
   * over 1 MiB (as a tokenizer past its maximum sequence length would): under skip, only that row
   * goes to the dead letters, with the reason; the other 255 rows of its batch are written.
   */
  @Test
  void oneOverLongRowIsIsolatedNotItsBatch() throws Exception {
    Path out = dir.resolve("out-long");
    Path dead = dir.resolve("dead-long");
    long longId = 2345;
    ExecutionOptions o =
        opts().errorPolicy(ErrorPolicy.skip(10, 0).withDeadLetterPath(dead.toString())).build();
    try (Sluice s = Sluice.local(o)) {
      var written =
          s.range(5000)
              .map(
                  r ->
                      Row.of(
                          "id",
                          r.getLong("id"),
                          "text",
                          r.getLong("id") == longId ? "x".repeat(3 << 20) : "doc"))
              .mapBatches(
                  new UdfFactory() {
                    @Override
                    public String name() {
                      return "Tokenize";
                    }

                    @Override
                    public BatchUdf create(UdfContext context) {
                      return (batch, allocator) -> {
                        VarCharVector text = (VarCharVector) batch.getVector("text");
                        for (int i = 0; i < batch.getRowCount(); i++) {
                          if (text.getValueLength(i) > 1 << 20) {
                            throw new IllegalArgumentException(
                                "sequence of "
                                    + text.getValueLength(i)
                                    + " bytes exceeds the model's maximum of 1 MiB");
                          }
                        }
                        return batch;
                      };
                    }
                  },
                  Compute.actors(1).batchSize(256))
              .writeParquet(out.toString());
      assertThat(written.stats().skippedRows()).isEqualTo(1);
      List<Long> kept = ids(s.readParquet(out.toString()).select("id").takeAll());
      assertThat(kept).hasSize(4999).doesNotHaveDuplicates().doesNotContain(longId);
      List<Row> letters = s.readParquet(dead.toString()).takeAll();
      assertThat(letters).hasSize(1);
      assertThat(letters.get(0).getString("operator")).isEqualTo("Tokenize");
      assertThat(letters.get(0).getString("error_message")).contains("3145728 bytes exceeds");
      assertThat(new ObjectMapper().readTree(letters.get(0).getString("row")).get("id").asLong())
          .isEqualTo(longId);
    }
  }

  @Test
  void poisonRowFailsTheJobWithItsIdByDefault() {
    try (Sluice s = Sluice.local(opts().maxTaskRetries(1).build())) {
      Dataset ds =
          s.range(10_000)
              .map(
                  r -> {
                    if (r.getLong("id") == 4321) {
                      throw new IllegalStateException("bad row");
                    }
                    return r;
                  });
      assertThatThrownBy(ds::count)
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("id=4321");
    }
  }

  @Test
  void exceedingTheErrorBudgetFailsAndSaysWhereToLook() {
    Path out = dir.resolve("out-budget");
    Path dead = dir.resolve("dead-budget");
    ExecutionOptions o =
        opts().errorPolicy(ErrorPolicy.skip(5, 0).withDeadLetterPath(dead.toString())).build();
    try (Sluice s = Sluice.local(o)) {
      Dataset ds =
          s.range(10_000).mapBatches(new PoisonAwareModel(), Compute.actors(1).batchSize(100));
      assertThatThrownBy(() -> ds.writeParquet(out.toString()))
          .isInstanceOf(SluiceException.class)
          .hasMessageContaining("error budget")
          .hasMessageContaining(dead.toString());
    }
    assertThat(out.resolve("_SUCCESS")).doesNotExist();
  }

  @Test
  void stuckUdfTripsTheWatchdogWithADiagnosticDump() {
    CountDownLatch release = new CountDownLatch(1);
    ExecutionOptions o = opts().noProgressTimeout(Duration.ofSeconds(2)).build();
    long start = System.nanoTime();
    try (Sluice s = Sluice.local(o)) {
      Dataset ds =
          s.range(1000)
              .mapBatches(
                  new UdfFactory() {
                    @Override
                    public String name() {
                      return "Stuck";
                    }

                    @Override
                    public BatchUdf create(UdfContext context) {
                      return (batch, allocator) -> {
                        release.await(60, TimeUnit.SECONDS);
                        return batch;
                      };
                    }
                  },
                  Compute.actors(1).batchSize(10));
      try {
        assertThatThrownBy(ds::count)
            .isInstanceOf(SluiceException.class)
            .hasMessageContaining("no progress")
            .hasMessageContaining("Stuck")
            .hasMessageContaining("BUSY");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
      } finally {
        release.countDown();
      }
    }
  }
}
