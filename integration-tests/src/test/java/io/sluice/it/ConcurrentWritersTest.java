package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two jobs writing the same destination at the same time: exactly one wins, the other fails cleanly
 * naming the destination, and the output holds exactly the winner's rows (never a mix). With
 * OVERWRITE, an earlier output stays readable until the new one replaces it whole.
 */
class ConcurrentWritersTest {

  @TempDir Path dir;

  static Sluice sluice() {
    return Sluice.local(
        ExecutionOptions.builder().cpuSlots(2).progress(false).maxTaskRetries(0).build());
  }

  /**
   * A job writing {@code rows} rows tagged with {@code writer}, slow enough to overlap the other.
   */
  static Throwable write(CountDownLatch start, Path out, String writer, WriteOptions options) {
    try (Sluice s = sluice()) {
      start.await();
      s.range(20_000)
          .map(
              r -> {
                if (r.getLong("id") % 2000 == 0) {
                  Thread.sleep(20);
                }
                return Row.of("id", r.getLong("id"), "writer", writer);
              })
          .writeParquet(out.toString(), options);
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  @Test
  void twoJobsOnOneDestinationOneWinsCleanly() throws Exception {
    Path out = dir.resolve("shared");
    for (WriteMode mode : List.of(WriteMode.ERROR_IF_EXISTS, WriteMode.OVERWRITE)) {
      CountDownLatch start = new CountDownLatch(1);
      WriteOptions options = WriteOptions.defaults().withMode(mode);
      CompletableFuture<Throwable> a =
          CompletableFuture.supplyAsync(() -> write(start, out, "a-" + mode, options));
      CompletableFuture<Throwable> b =
          CompletableFuture.supplyAsync(() -> write(start, out, "b-" + mode, options));
      start.countDown();
      List<Throwable> results =
          new ArrayList<>(
              List.of(a.get() == null ? new Ok() : a.get(), b.get() == null ? new Ok() : b.get()));
      long wins = results.stream().filter(t -> t instanceof Ok).count();
      if (mode == WriteMode.ERROR_IF_EXISTS) {
        assertThat(wins).as("exactly one writer wins: %s", results).isEqualTo(1);
        Throwable loser =
            results.stream().filter(t -> !(t instanceof Ok)).findFirst().orElseThrow();
        assertThat(loser).hasMessageContaining(out.getFileName().toString());
      } else {
        assertThat(wins)
            .as("each overwrite replaces the whole output: %s", results)
            .isGreaterThanOrEqualTo(1);
      }
      try (Sluice s = sluice()) {
        List<Row> rows = s.readParquet(out.toString()).takeAll();
        assertThat(rows).hasSize(20_000);
        assertThat(rows.stream().map(r -> r.getString("writer")).distinct().toList()).hasSize(1);
      }
    }
  }

  /** Marks a successful write among failures. */
  static final class Ok extends Throwable {
    Ok() {
      super("ok", null, false, false);
    }
  }
}
