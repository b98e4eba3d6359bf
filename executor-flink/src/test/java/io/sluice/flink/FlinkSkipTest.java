package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.Compute;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.SluiceException;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ErrorPolicy.skip} on an embedded Flink cluster: poison rows of a CPU stage and of an actor
 * stage go to the dead letters (read back as Parquet) and the rest is published; past the budget
 * the job fails with the local backend's message and publishes nothing.
 */
class FlinkSkipTest {

  private static final int ROWS = 300;
  private static FlinkCluster cluster;
  @TempDir static Path dir;
  private static Path input;

  @BeforeAll
  static void start() {
    cluster = FlinkCluster.embedded(1, 4);
    input = dir.resolve("in");
    try (Sluice local = Sluice.local()) {
      List<Row> rows = new ArrayList<>();
      for (long i = 0; i < ROWS; i++) {
        rows.add(Row.of("id", i, "text", "doc " + i));
      }
      local.fromItems(rows).repartition(3).writeParquet(input.toString());
    }
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** An actor stage that fails any batch holding an id with {@code id % 50 == 21}. */
  static final class PoisonActor implements UdfFactory {
    @Override
    public String name() {
      return "Model";
    }

    @Override
    public BatchUdf create(UdfContext context) {
      return (batch, allocator) -> {
        BigIntVector id = (BigIntVector) batch.getVector("id");
        for (int i = 0; i < batch.getRowCount(); i++) {
          if (id.get(i) % 50 == 21) {
            throw new IllegalArgumentException("tensor shape mismatch for id " + id.get(i));
          }
        }
        return batch;
      };
    }
  }

  private static boolean poison(long id) {
    return id % 50 == 7 || id % 50 == 21;
  }

  private static WriteResult program(Sluice s, Path out) {
    return s.readParquet(input.toString())
        .map(
            r -> {
              if (r.getLong("id") % 50 == 7) {
                throw new IllegalStateException("bad row " + r.getLong("id"));
              }
              return r;
            })
        .mapBatches(new PoisonActor(), Compute.actors(2).batchSize(32))
        .writeParquet(out.toString());
  }

  private static ExecutionOptions skipping(long rows, Path dead) {
    return ExecutionOptions.builder()
        .progress(false)
        .errorPolicy(ErrorPolicy.skip(rows, 0).withDeadLetterPath(dead.toString()))
        .build();
  }

  @Test
  void poisonRowsGoToTheDeadLettersAndTheRestIsPublished() throws Exception {
    Path out = dir.resolve("out");
    Path dead = dir.resolve("dead");
    List<Long> expectedBad =
        LongStream.range(0, ROWS).filter(FlinkSkipTest::poison).boxed().toList();
    try (Sluice s = FlinkSluice.on(cluster, skipping(100, dead))) {
      assertThat(program(s, out).stats().skippedRows()).isEqualTo(expectedBad.size());
    }
    assertThat(out.resolve("_SUCCESS")).exists();
    try (Sluice local = Sluice.local()) {
      List<Long> kept =
          local.readParquet(out.toString()).takeAll().stream()
              .map(r -> r.getLong("id"))
              .sorted()
              .toList();
      assertThat(kept)
          .isEqualTo(LongStream.range(0, ROWS).filter(id -> !poison(id)).boxed().toList());

      List<Row> letters = local.readParquet(dead.toString()).takeAll();
      ObjectMapper json = new ObjectMapper();
      List<Long> badIds = new ArrayList<>();
      for (Row r : letters) {
        badIds.add(json.readTree(r.getString("row")).get("id").asLong());
      }
      assertThat(badIds.stream().sorted().toList()).isEqualTo(expectedBad);
      assertThat(letters)
          .extracting(r -> r.getString("operator"))
          .contains("Model")
          .hasSize(expectedBad.size());
      assertThat(letters)
          .filteredOn(r -> r.getString("operator").equals("Model"))
          .allMatch(r -> r.getString("error_message").contains("tensor shape mismatch for id"));
      assertThat(letters)
          .filteredOn(r -> !r.getString("operator").equals("Model"))
          .hasSize(6)
          .allMatch(r -> r.getString("error_message").contains("bad row"));
    }
  }

  @Test
  void pastTheBudgetTheJobFailsWithTheLocalMessageAndPublishesNothing() {
    Path out = dir.resolve("out-budget");
    Path dead = dir.resolve("dead-budget");
    try (Sluice s = FlinkSluice.on(cluster, skipping(5, dead))) {
      assertThatThrownBy(() -> program(s, out))
          .isInstanceOf(SluiceException.class)
          .hasMessageContaining("over the error budget (maxErroredRows=5, maxErroredBlocks=0)")
          .hasMessageContaining(dead.toString());
    }
    assertThat(out.resolve("_SUCCESS")).doesNotExist();
  }
}
