package io.sluice.cli;

import io.sluice.api.Compute;
import io.sluice.api.JobStats;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import io.sluice.cli.ui.LiveRun;
import io.sluice.cli.ui.UiOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice engine-demo}: the engine without a model. Generated Parquet (several files) -> read
 * -> CPU row map -> actor-pool map (a stateful lookup UDF) -> Parquet, then the stats table, rows/s
 * and peak memory. Shows the streaming executor's own overhead in well under a minute.
 */
@Command(
    name = "engine-demo",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description =
        "Run the engine without a model: Parquet -> CPU map -> actor-pool map -> Parquet.")
final class EngineDemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ClusterOption cluster = new ClusterOption();

  @Option(
      names = "--rows",
      paramLabel = "N",
      description = "Rows to generate (default: ${DEFAULT-VALUE}).")
  long rows = 1_000_000;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--actors",
      paramLabel = "N",
      description = "Actors of the stateful map (default: ${DEFAULT-VALUE}).")
  int actors = 2;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Rows per actor call (default: ${DEFAULT-VALUE}).")
  int batchSize = 8192;

  @Mixin JobOptions job;

  @Mixin UiOptions ui;

  @Override
  public Integer call() {
    if (rows < 1 || actors < 1 || batchSize < 1) {
      throw new ParameterException(
          spec.commandLine(), "--rows, --actors and --batch-size must be >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Sluice sluice = cluster.open(job.executionOptions());
        LiveRun live = ui.start("engine-demo", sluice, spec.commandLine().getErr())) {
      Path corpus = EngineCorpus.defaultDir(job.dataDir, rows, seed);
      long start = System.nanoTime();
      WriteResult in = EngineCorpus.generate(sluice, corpus, rows, seed);
      out.printf(
          Locale.ROOT,
          "input:   %s (generated %,d rows in %.1f s, %d files, %s)%n",
          corpus,
          in.rows(),
          (System.nanoTime() - start) / 1e9,
          in.files().size(),
          ByteSize.format(in.bytes()));
      String output = job.outputDir("engine");
      out.flush();
      WriteResult written =
          sluice
              .readParquet(corpus.toString())
              .map(EngineDemoCommand::score)
              .mapBatches(
                  new CategoryLabeler(EngineCorpus.KEYS),
                  Compute.actors(actors).batchSize(batchSize))
              .writeParquet(output, job.writeOptions());
      JobStats stats = written.stats();
      live.succeeded(stats, written);
      RunSummary.print(
          out, stats, written, sluice.options().resources().memoryBudgetBytes().orElse(0));
      RunSummary.report(out, spec.commandLine().getErr(), live, output, job.fsOptions());
    }
    return 0;
  }

  /** The CPU stage: a derived column from two others. */
  private static Row score(Row r) {
    return r.with("score", r.getDouble("value") * r.getLong("key"));
  }
}
