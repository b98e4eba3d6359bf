package io.sluice.it;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import java.util.List;
import java.util.Map;

/**
 * The job {@link KillAndResumeTest} runs in a child JVM and kills: reads Parquet split by split
 * (one split per row group), derives a value per row, sleeps a little per block (so kills land
 * mid-job) and writes Parquet as a resumable job.
 *
 * <p>Arguments: input, output, job id (or "-" for a plain job), milliseconds to sleep per block.
 */
public final class ResumableJobMain {

  private ResumableJobMain() {}

  public static void main(String[] args) {
    String input = args[0];
    String output = args[1];
    String jobId = args[2];
    long sleep = Long.parseLong(args[3]);
    ExecutionOptions options = ExecutionOptions.builder().cpuSlots(2).progress(false).build();
    try (Sluice sluice = Sluice.local(options)) {
      WriteOptions w = WriteOptions.defaults();
      if (!jobId.equals("-")) {
        w = w.withJobId(jobId);
      }
      WriteResult result =
          sluice
              .read("parquet", List.of(input), Map.of("minTaskBytes", "1"))
              .map(r -> Row.of("id", r.getLong("id"), "value", value(r.getLong("id"))))
              .mapBatches(
                  (batch, allocator) -> {
                    Thread.sleep(sleep);
                    return batch;
                  })
              .writeParquet(output, w);
      System.out.println("DONE " + result.rows());
    }
  }

  /** A deterministic value per id, so outputs of different runs can be compared. */
  static String value(long id) {
    return Long.toHexString(id * 0x9E3779B97F4A7C15L) + "-" + (id % 97);
  }
}
