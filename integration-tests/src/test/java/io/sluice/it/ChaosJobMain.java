package io.sluice.it;

import io.sluice.api.Dataset;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * The resumable job the chaos harness ({@link ChaosTest}) kills: {@link ResumableJobMain}'s job
 * (read Parquet split by split, derive a value per id, sleep a little per block) writing through
 * {@link ChaosFileSystem}. Arguments: input, output path, job id, ms per block, stop ({@code
 * kind:k} or {@code none:0}), marker file and, for the spilling variant, a spill directory: the
 * rows are then sorted by value under a memory budget far below their size, so the sort spills runs
 * and merges them (the harness kills it while spill files exist). {@code
 * -Dsluice.chaos.protocol=manifest} commits with the object stores' manifest protocol instead of
 * the staging rename.
 */
public final class ChaosJobMain {

  /** The spilling variant's budget: a small fraction of its ~1 MiB of rows. */
  static final long SPILL_BUDGET = 256 << 10;

  private ChaosJobMain() {}

  public static void main(String[] args) {
    long sleep = Long.parseLong(args[3]);
    ExecutionOptions.Builder options = ExecutionOptions.builder().cpuSlots(2).progress(false);
    boolean spill = args.length > 6;
    if (spill) {
      options.memoryBudgetBytes(SPILL_BUDGET).spillDir(Paths.get(args[6]));
    }
    try (Sluice sluice = Sluice.local(options.build())) {
      WriteOptions w =
          WriteOptions.defaults()
              .withJobId(args[2])
              .withTargetFileBytes(64 << 10)
              .withProperty("commitProtocol", System.getProperty("sluice.chaos.protocol", "auto"));
      for (Map.Entry<String, String> e :
          ChaosFileSystem.settings(args[4], Paths.get(args[5])).entrySet()) {
        w = w.withProperty(e.getKey(), e.getValue());
      }
      Dataset rows =
          sluice
              .read("parquet", List.of(args[0]), Map.of("minTaskBytes", "1"))
              .map(
                  r ->
                      Row.of(
                          "id", r.getLong("id"), "value", ResumableJobMain.value(r.getLong("id"))))
              .mapBatches(
                  (batch, allocator) -> {
                    Thread.sleep(sleep);
                    return batch;
                  });
      WriteResult result =
          (spill ? rows.sort("value") : rows)
              .writeParquet(ChaosFileSystem.SCHEME + ":" + args[1], w);
      System.out.println("DONE " + result.rows());
    }
  }
}
