package io.sluice.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.spi.WriteMode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A job file after validation and templating: what {@code sluice run} executes. Every part keeps
 * the line and key it came from, so errors found while building the plan can still point into the
 * file.
 *
 * @param name the job's name (with the date, its job id)
 * @param zone the zone of {@code ${date}}
 * @param source what is read
 * @param steps the transforms, in order
 * @param sink where the output goes
 * @param execution engine settings
 */
public record JobSpec(
    String name, ZoneId zone, Source source, List<Step> steps, Sink sink, Execution execution) {

  public JobSpec {
    steps = List.copyOf(steps);
  }

  /**
   * {@code source:}; projection empty when not given.
   *
   * @param demoCorpus generate the demo corpus at the first path when it is missing (null: never)
   */
  public record Source(
      String format,
      List<String> paths,
      Map<String, String> options,
      List<String> projection,
      DemoCorpus demoCorpus) {
    public Source {
      paths = List.copyOf(paths);
      options = Map.copyOf(options);
      projection = List.copyOf(projection);
    }
  }

  /**
   * {@code source.demo_corpus:} the demo's generated corpus of {@code rows} rows from {@code seed}.
   */
  public record DemoCorpus(long rows, long seed) {}

  /**
   * One entry of {@code steps:}.
   *
   * @param kind select, rename, filter, tokenize, embed, onnx, score, classify, mean_pool,
   *     normalize, udf, limit, repartition or sort
   * @param args its value in the file (templates resolved)
   * @param key where it is, e.g. {@code steps[2].filter}
   * @param line its line in the file
   */
  public record Step(String kind, JsonNode args, String key, int line) {}

  /** {@code sink:}. */
  public record Sink(
      String format, String path, WriteMode mode, long fileBytes, Map<String, String> options) {
    public Sink {
      options = Map.copyOf(options);
    }
  }

  /**
   * {@code execution:}; nulls mean the engine's defaults.
   *
   * @param warnErroredRows skipped rows above which the run exits 4 although it finished (null: any
   *     skip)
   * @param resumable whether the job checkpoints under its job id (default true for Parquet sinks)
   * @param leaseTimeout a lease whose heartbeat is older than this is taken over
   */
  public record Execution(
      Long memoryBudget,
      Integer cpuSlots,
      Integer gpuSlots,
      Integer actors,
      Integer maxTaskRetries,
      Integer maxActorRestarts,
      ErrorPolicy.OnError onError,
      long maxErroredRows,
      long maxErroredBlocks,
      Long warnErroredRows,
      String deadLetterPath,
      Boolean resumable,
      Duration leaseTimeout) {

    /** The engine's options for these settings; unset ones keep the engine's defaults. */
    public ExecutionOptions options(boolean progress) {
      ExecutionOptions.Builder b = ExecutionOptions.builder().progress(progress);
      if (memoryBudget != null) {
        b.memoryBudgetBytes(memoryBudget);
      }
      if (cpuSlots != null) {
        b.cpuSlots(cpuSlots);
      }
      if (gpuSlots != null) {
        b.gpuSlots(gpuSlots);
      }
      if (maxTaskRetries != null) {
        b.maxTaskRetries(maxTaskRetries);
      }
      if (maxActorRestarts != null) {
        b.maxActorRestarts(maxActorRestarts);
      }
      if (onError == ErrorPolicy.OnError.SKIP) {
        ErrorPolicy p = ErrorPolicy.skip(maxErroredRows, maxErroredBlocks);
        b.errorPolicy(deadLetterPath != null ? p.withDeadLetterPath(deadLetterPath) : p);
      }
      return b.build();
    }
  }
}
