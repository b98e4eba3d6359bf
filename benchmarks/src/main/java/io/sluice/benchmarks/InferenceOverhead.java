package io.sluice.benchmarks;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import io.sluice.cli.DemoCorpus;
import io.sluice.cli.EmbeddingPipeline;
import io.sluice.inference.MiniLm;
import io.sluice.inference.ModelSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How much of ONNX Runtime's own speed the pipeline's inference stage keeps. On one generated
 * corpus (the demo's), alternating A B A B: (A) the embedding pipeline with one actor, whose
 * inference operator's rows / busy time (from {@link JobStats#operators()}) is the in-pipeline
 * rate; (B) {@link BareOrtLoop} over the same model batches (see {@link SameBatches})
 * pre-tokenized, same threads and batch size. The ratio A/B (target >= 0.95) is engine overhead:
 * Arrow-to-tensor packing, pooling, scheduling. Medians over the rounds; end-to-end rows/s (rows
 * written / job wall time) alongside.
 *
 * <pre>
 * benchmarks/run [--rows 2000] [--model fp32|int8] [--threads 2] [--batch-size 64] [--window 2048]
 *     [--rounds 3]</pre>
 */
@Command(
    name = "inference-overhead",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Pipeline inference rows/s vs a bare ONNX Runtime loop on the same pre-tokenized batches.")
public final class InferenceOverhead implements Callable<Integer> {

  @Option(
      names = "--rows",
      description = "Rows of the generated corpus (default: ${DEFAULT-VALUE}).")
  long rows = 2_000;

  @Option(names = "--seed", description = "Corpus seed (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--model", description = "fp32 or int8 (default: ${DEFAULT-VALUE}).")
  String model = "fp32";

  @Option(
      names = "--threads",
      description = "ORT intra-op threads, both sides (default: ${DEFAULT-VALUE}).")
  int threads = 2;

  @Option(
      names = "--batch-size",
      description = "Rows per model call, both sides (default: ${DEFAULT-VALUE}).")
  int batchSize = 64;

  @Option(
      names = "--window",
      description =
          "Rows per actor call, sorted by length before being cut into"
              + " model batches; the bare loop runs the same cut (default: ${DEFAULT-VALUE}).")
  int window = MiniLm.WINDOW;

  @Option(
      names = "--rounds",
      description = "A/B rounds; medians are reported (default: ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(
      names = "--data-dir",
      description = "Where the corpus is generated (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("sluice-data");

  private final PrintStream out;

  InferenceOverhead(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.setProperty(
        "org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader", "error");
    System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) {
    return new CommandLine(new InferenceOverhead(out)).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    ModelSource source =
        switch (model) {
          case "fp32" -> MiniLm.FP32;
          case "int8" -> MiniLm.INT8;
          default ->
              throw new CommandLine.ParameterException(
                  new CommandLine(this), "--model must be fp32 or int8");
        };
    ExecutionOptions options =
        ExecutionOptions.builder()
            .progress(false)
            .cpuSlots(Math.max(threads, Runtime.getRuntime().availableProcessors()))
            .build();
    Path scratch = Files.createTempDirectory("sluice-bench");
    try (Sluice sluice = Sluice.local(options)) {
      Path corpus = DemoCorpus.defaultDir(dataDir, rows, seed);
      if (!DemoCorpus.isCommitted(corpus)) {
        DemoCorpus.generate(sluice, corpus, rows, seed);
      }
      List<long[]> tokens = PreTokenized.of(sluice, corpus.toString());
      int embedded = (int) tokens.stream().filter(Objects::nonNull).count();
      EmbeddingPipeline pipeline = new EmbeddingPipeline(source, 1, threads, batchSize, window);
      out.printf(
          Locale.ROOT,
          "inference overhead: MiniLM %s, %s (%,d rows, %,d non-null), 1 actor x %d threads,"
              + " model batch %d, window %d, %d rounds%nmachine: %s%n",
          model,
          corpus,
          rows,
          embedded,
          threads,
          batchSize,
          window,
          rounds,
          MachineInfo.describe());
      pipeline
          .build(sluice, corpus.toString())
          .limit(2L * batchSize)
          .count(); // load + warm the cached session
      List<Round> results = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        double[] inPipeline =
            runPipeline(sluice, pipeline, corpus, scratch.resolve("round-" + r), embedded);
        double bare = SameBatches.run(source, tokens, window, batchSize, threads).rowsPerSecond();
        results.add(new Round(bare, inPipeline[0], inPipeline[1]));
        out.printf(
            Locale.ROOT,
            "round %d: bare %.1f rows/s, in-pipeline inference %.1f rows/s, end to end %.1f rows/s%n",
            r + 1,
            bare,
            inPipeline[0],
            inPipeline[1]);
      }
      out.println();
      out.print(table(results));
      out.flush();
    } finally {
      deleteRecursively(scratch);
    }
    return 0;
  }

  /** {inference rows/s, end-to-end rows/s} of one pipeline run. */
  private static double[] runPipeline(
      Sluice sluice, EmbeddingPipeline pipeline, Path corpus, Path output, int embeddedRows) {
    WriteResult written = pipeline.build(sluice, corpus.toString()).writeParquet(output.toString());
    JobStats stats = written.stats();
    JobStats.OperatorStats inference =
        stats.operators().stream()
            .filter(o -> o.name().startsWith(EmbeddingPipeline.INFERENCE_OPERATOR_PREFIX))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("no inference operator in " + stats.operators()));
    double busy = inference.busyNanos() / 1e9;
    double wall = stats.wallTime().toNanos() / 1e9;
    return new double[] {embeddedRows / busy, written.rows() / wall};
  }

  static String table(List<Round> rounds) {
    double bare = Median.of(rounds.stream().map(Round::bareRowsPerSecond).toList());
    double inPipeline = Median.of(rounds.stream().map(Round::inferenceRowsPerSecond).toList());
    double endToEnd = Median.of(rounds.stream().map(Round::endToEndRowsPerSecond).toList());
    double ratio = Median.of(rounds.stream().map(Round::ratio).toList());
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT, "| %-34s | %12s |%n", "median of " + rounds.size() + " rounds", "value"));
    sb.append(String.format(Locale.ROOT, "|%s|%s|%n", "-".repeat(36), "-".repeat(14)));
    sb.append(row("bare ORT loop, rows/s", String.format(Locale.ROOT, "%.1f", bare)));
    sb.append(row("in-pipeline inference, rows/s", String.format(Locale.ROOT, "%.1f", inPipeline)));
    sb.append(row("ratio (target >= 0.95)", String.format(Locale.ROOT, "%.3f", ratio)));
    sb.append(row("end to end, rows/s", String.format(Locale.ROOT, "%.1f", endToEnd)));
    return sb.toString();
  }

  private static String row(String name, String value) {
    return String.format(Locale.ROOT, "| %-34s | %12s |%n", name, value);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + dir, e);
    }
  }
}
