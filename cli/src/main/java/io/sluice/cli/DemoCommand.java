package io.sluice.cli;

import io.sluice.api.Dataset;
import io.sluice.api.JobStats;
import io.sluice.api.PlanException;
import io.sluice.api.Sluice;
import io.sluice.api.SluiceException;
import io.sluice.api.spi.WriteResult;
import io.sluice.cli.ui.LiveRun;
import io.sluice.cli.ui.UiOptions;
import io.sluice.inference.MiniLm;
import io.sluice.inference.ModelSource;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice demo}: the README's main job. Generates (or reuses) a deterministic text corpus,
 * embeds it with all-MiniLM-L6-v2 through the {@link EmbeddingPipeline}, writes {@code (id, text,
 * embedding)} Parquet and prints the stats table, rows/s and peak memory.
 */
@Command(
    name = "demo",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Embed a text corpus with all-MiniLM-L6-v2: Parquet -> tokenize (CPU tasks) -> ONNX model"
          + " (actor pool) -> mean pool + L2 normalise -> Parquet (id, text, embedding float[384]).",
      "Without --input, generates a deterministic corpus under --data-dir (reused on later runs)."
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ClusterOption cluster = new ClusterOption();

  @Option(
      names = "--rows",
      paramLabel = "N",
      description = "Rows of the generated corpus (default: ${DEFAULT-VALUE}).")
  long rows = 20_000;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the generated corpus (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--input",
      paramLabel = "PATH",
      description =
          "Embed this Parquet (file, directory or glob; columns id and text) instead of generating one.")
  String input;

  @Option(
      names = "--model",
      paramLabel = "fp32|int8",
      description = "Model variant (default: ${DEFAULT-VALUE}).")
  ModelChoice model = ModelChoice.fp32;

  @Option(
      names = "--model-file",
      paramLabel = "PATH",
      description =
          "Run this ONNX file instead of the bundled MiniLM (same inputs and outputs as all-MiniLM-L6-v2).")
  Path modelFile;

  @Option(
      names = "--actors",
      paramLabel = "N",
      description = "Model actors, one ONNX session each (default: 1).")
  Integer actors;

  @Option(
      names = "--cpus-per-actor",
      paramLabel = "N",
      description = "CPU slots (= ONNX intra-op threads) per actor (default: the machine's cores).")
  Double cpusPerActor;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Rows per model call (default: ${DEFAULT-VALUE}).")
  int batchSize = 64;

  @Option(
      names = "--window",
      paramLabel = "N",
      description =
          "Rows per actor call, sorted by token length"
              + " before being cut into model batches, so less padding is computed (default: ${DEFAULT-VALUE}).")
  int window = MiniLm.WINDOW;

  @Option(
      names = "--remote",
      paramLabel = "URL",
      description =
          "Embed through this OpenAI-compatible server (/v1/embeddings) instead of the local model;"
              + " repeat for several servers (e.g. vLLM data-parallel ranks).")
  List<URI> remote = new ArrayList<>();

  @Option(
      names = "--remote-model",
      paramLabel = "NAME",
      description = "The model name sent to --remote servers (default: ${DEFAULT-VALUE}).")
  String remoteModel = "all-MiniLM-L6-v2";

  @Option(
      names = "--remote-concurrency",
      paramLabel = "N",
      description = "Requests in flight per --remote server (default: ${DEFAULT-VALUE}).")
  int remoteConcurrency = 16;

  @Mixin JobOptions job;

  @Mixin UiOptions ui;

  @Override
  public Integer call() {
    // One actor with every core as intra-op threads (CpuLayout.rule): on the quiet 2-core VM, 1 x 2
    // ran at 98 rows/s against 93 for 2 x 1, with 0.65 GiB less RSS.
    int actors = this.actors != null ? this.actors : 1;
    double cpusPerActor =
        this.cpusPerActor != null ? this.cpusPerActor : Runtime.getRuntime().availableProcessors();
    validate(actors, cpusPerActor);
    PrintWriter out = spec.commandLine().getOut();
    ModelSource source = modelFile != null ? ModelSource.file(modelFile) : model.source;
    EmbeddingPipeline pipeline =
        new EmbeddingPipeline(source, actors, cpusPerActor, batchSize, window);
    try (Sluice sluice = cluster.open(job.executionOptions());
        LiveRun live = ui.start("demo", sluice, spec.commandLine().getErr())) {
      String corpus = input != null ? checkedInput(sluice) : corpus(sluice, out);
      String output = job.outputDir("embeddings");
      Dataset embedded;
      if (!remote.isEmpty()) {
        out.printf(
            Locale.ROOT,
            "embedding: %s with %s on %d remote server(s) %s, %d requests each -> %s%n",
            corpus,
            remoteModel,
            remote.size(),
            remote,
            remoteConcurrency,
            output);
        embedded =
            new RemoteEmbeddingPipeline(remote, remoteModel, remoteConcurrency, window)
                .build(sluice, corpus, job.fsOptions());
      } else {
        out.printf(
            Locale.ROOT,
            "embedding: %s with %s on %d actor(s) x %s CPU(s), model batch %d, window %d -> %s%n",
            corpus,
            modelFile != null ? modelFile : model.label,
            actors,
            fmt(cpusPerActor),
            batchSize,
            window,
            output);
        embedded = pipeline.build(sluice, corpus, job.fsOptions());
      }
      out.flush();
      WriteResult written = embedded.writeParquet(output, job.writeOptions());
      JobStats stats = written.stats();
      live.succeeded(stats, written);
      RunSummary.print(
          out, stats, written, sluice.options().resources().memoryBudgetBytes().orElse(0));
      RunSummary.report(out, spec.commandLine().getErr(), live, output, job.fsOptions());
    }
    return 0;
  }

  private void validate(int actors, double cpusPerActor) {
    if (rows < 1) {
      throw new ParameterException(spec.commandLine(), "--rows must be >= 1, got " + rows);
    }
    if (actors < 1) {
      throw new ParameterException(spec.commandLine(), "--actors must be >= 1, got " + actors);
    }
    if (!(cpusPerActor > 0)) {
      throw new ParameterException(
          spec.commandLine(), "--cpus-per-actor must be > 0, got " + cpusPerActor);
    }
    if (batchSize < 1) {
      throw new ParameterException(
          spec.commandLine(), "--batch-size must be >= 1, got " + batchSize);
    }
    if (remoteConcurrency < 1) {
      throw new ParameterException(
          spec.commandLine(), "--remote-concurrency must be >= 1, got " + remoteConcurrency);
    }
    for (URI u : remote) {
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
        throw new ParameterException(
            spec.commandLine(),
            "--remote "
                + u
                + " must be an http(s) URL with a host,"
                + " e.g. http://127.0.0.1:8000/v1");
      }
    }
    if (window < batchSize) {
      throw new ParameterException(
          spec.commandLine(),
          "--window (" + window + ") must be >= --batch-size (" + batchSize + ")");
    }
  }

  private String corpus(Sluice sluice, PrintWriter out) {
    Path dir = DemoCorpus.defaultDir(job.dataDir, rows, seed);
    if (DemoCorpus.isCommitted(dir)) {
      out.printf(
          Locale.ROOT, "corpus:    %s (reused: %,d generated rows, seed %d)%n", dir, rows, seed);
    } else {
      long start = System.nanoTime();
      WriteResult w = DemoCorpus.generate(sluice, dir, rows, seed);
      out.printf(
          Locale.ROOT,
          "corpus:    %s (generated %,d rows in %.1f s, %d files, %s)%n",
          dir,
          w.rows(),
          (System.nanoTime() - start) / 1e9,
          w.files().size(),
          ByteSize.format(w.bytes()));
    }
    out.flush();
    return dir.toString();
  }

  /** Fails before any output exists when {@code --input} is missing or lacks the columns. */
  private String checkedInput(Sluice sluice) {
    Schema schema;
    try {
      schema = sluice.read("parquet", List.of(input), job.fsOptions()).schema();
    } catch (SluiceException e) {
      throw new SluiceException("--input " + input + ": cannot read it as Parquet", e);
    }
    if (schema.getFields().isEmpty()) {
      return input; // an empty directory: the job completes with zero rows
    }
    Field id = field(schema, "id");
    Field text = field(schema, "text");
    if (id == null || text == null || !(text.getType() instanceof ArrowType.Utf8)) {
      throw new PlanException(
          "--input " + input + ": needs columns id and text (utf8); it has " + schema.getFields());
    }
    return input;
  }

  private static Field field(Schema schema, String name) {
    return schema.getFields().stream()
        .filter(f -> f.getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
