package io.sluice.benchmarks.peers;

import io.sluice.api.Compute;
import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import io.sluice.cli.EmbeddingPipeline;
import io.sluice.inference.CpuLayout;
import io.sluice.inference.MiniLm;
import io.sluice.inference.ModelSource;
import java.nio.file.Path;

/**
 * Contenders "Sluice default" and "Sluice tuned": the demo's job, writing {@code (id, embedding)}.
 * <ul>
 *   <li>{@code --variant default}: exactly what {@code ./sluice demo} runs: {@code Sluice.local()}
 *       with default options, one actor with all {@code --threads} as intra-op threads, model batch
 *       {@code --batch}, window {@value MiniLm#WINDOW} rows sorted by token length.</li>
 *   <li>{@code --variant tuned}: {@link CpuLayout#rule(int)} (one single-threaded actor per core,
 *       the layout gpu-inference measured fastest here) and a window of {@code --window} rows
 *       (default 256), so a small corpus still feeds every actor.</li>
 * </ul>
 * The model stage's wall time (from {@link JobStats}) is reported for the inference-stage ratio
 * against the ORT-only loop.
 */
public final class SluiceEmbed {

  private SluiceEmbed() {}

  public static void main(String[] argv) {
    PeerArgs args = new PeerArgs(argv);
    boolean tuned = "tuned".equals(args.get("variant", "default"));
    ModelSource model = "int8".equals(args.model()) ? MiniLm.INT8 : MiniLm.FP32;
    CpuLayout layout = tuned ? CpuLayout.rule(args.threads()) : CpuLayout.oneActor(args.threads());
    int window = tuned ? args.intValue("window", 256) : MiniLm.WINDOW;
    GroupParquet.deleteRecursively(Path.of(args.output()));
    try (Sluice sluice = Sluice.local()) {
      long start = System.nanoTime();
      long rows;
      if (tuned) {
        rows = sluice.readParquet(args.input())
            .select("id", "text")
            .mapBatches(MiniLm.tokenizer("text"), Compute.tasks())
            .mapBatches(layout.apply(MiniLm.embedder(model).modelBatchSize(args.batch())), layout.compute(window))
            .select("id", MiniLm.EMBEDDING)
            .writeParquet(args.output()).rows();
      } else {
        rows = new EmbeddingPipeline(model, 1, args.threads(), args.batch(), window).build(sluice, args.input())
            .select("id", MiniLm.EMBEDDING)
            .writeParquet(args.output()).rows();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      JobStats stats = sluice.lastJobStats().orElseThrow();
      // The model stage's span (first call's start to last call's end): with several actors and few
      // windows, busy time divided by actors would credit idle actors.
      double stage = stats.operators().stream()
          .filter(o -> o.name().startsWith(EmbeddingPipeline.INFERENCE_OPERATOR_PREFIX))
          .mapToLong(JobStats.OperatorStats::wallNanos).sum() / 1e9;
      if (args.flag("stats")) {
        System.out.println(stats.toTable());
      }
      ChildReport.print(seconds, rows, stage);
    }
  }
}
