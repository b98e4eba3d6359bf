package io.sluice.it;

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
 * {@link ChaosFileSystem}. Arguments: input, output path, job id, ms per block, stop ({@code kind:k}
 * or {@code none:0}), marker file.
 */
public final class ChaosJobMain {

  private ChaosJobMain() {}

  public static void main(String[] args) {
    long sleep = Long.parseLong(args[3]);
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().cpuSlots(2).progress(false).build())) {
      WriteOptions w = WriteOptions.defaults().withJobId(args[2]).withTargetFileBytes(64 << 10);
      for (Map.Entry<String, String> e : ChaosFileSystem.settings(args[4], Paths.get(args[5])).entrySet()) {
        w = w.withProperty(e.getKey(), e.getValue());
      }
      WriteResult result = sluice.read("parquet", List.of(args[0]), Map.of("minTaskBytes", "1"))
          .map(r -> Row.of("id", r.getLong("id"), "value", ResumableJobMain.value(r.getLong("id"))))
          .mapBatches((batch, allocator) -> {
            Thread.sleep(sleep);
            return batch;
          })
          .writeParquet(ChaosFileSystem.SCHEME + ":" + args[1], w);
      System.out.println("DONE " + result.rows());
    }
  }
}
