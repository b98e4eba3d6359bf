package io.sluice.remote;

import io.sluice.api.Compute;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The job {@link RemoteResumeTest} runs in a child JVM and kills: reads Parquet files (one split
 * each), calls chat completions on one server, and writes Parquet as a resumable job.
 *
 * <p>Arguments: output, job id, server base URI, input files...
 */
public final class RemoteResumeJobMain {

  private RemoteResumeJobMain() {}

  public static void main(String[] args) {
    String output = args[0];
    String jobId = args[1];
    URI server = URI.create(args[2]);
    List<String> inputs = Arrays.asList(args).subList(3, args.length);
    try (Sluice sluice =
        Sluice.local(ExecutionOptions.builder().cpuSlots(2).progress(false).build())) {
      WriteResult result =
          sluice
              .read("parquet", inputs, Map.of("minTaskBytes", "1"))
              .mapBatches(
                  Remote.openAiCompatible(server)
                      .model("echo")
                      .chat("Say: {text}", "reply")
                      .maxConcurrentRequests(2),
                  Compute.actors(1).cpus(0).batchSize(25))
              .writeParquet(output, WriteOptions.defaults().withJobId(jobId));
      System.out.println("DONE " + result.rows());
    }
  }
}
