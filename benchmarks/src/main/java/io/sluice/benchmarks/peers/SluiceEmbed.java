package io.sluice.benchmarks.peers;

import io.sluice.api.Compute;
import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import io.sluice.cli.EmbeddingPipeline;
import io.sluice.inference.CpuLayout;
import io.sluice.inference.InferenceStats;
import io.sluice.inference.MiniLm;
import io.sluice.inference.ModelSource;
import io.sluice.inference.SessionTuning;
import java.nio.file.Path;

/**
 * Contenders "Sluice default" and "Sluice tuned": the demo's job, writing {@code (id, embedding)}.
 *
 * <ul>
 *   <li>{@code --variant default}: exactly what {@code ./sluice demo} runs: {@code Sluice.local()}
 *       with default options, one actor with all {@code --threads} as intra-op threads, model batch
 *       {@code --batch}, window {@value MiniLm#WINDOW} rows sorted by token length.
 *   <li>{@code --variant tuned}: options chosen from measurements on this box: the layout {@code
 *       --layout AxT} (default {@link CpuLayout#rule(int)}, one actor with all threads), a window
 *       of {@code --window} rows (default {@value #TUNED_WINDOW}: the quick and default corpora are
 *       then sorted by length whole, so fewer batches are padded past their rows), and ORT's
 *       idle-thread spinning {@code --spin on|off} (default off: the tokenizer and writer tasks
 *       share the two cores with the session).
 * </ul>
 *
 * The model stage's wall time (from {@link JobStats}) is reported for the inference-stage ratio
 * against the ORT-only loop.
 */
public final class SluiceEmbed {

  static final int TUNED_WINDOW = 4096;

  private SluiceEmbed() {}

  public static void main(String[] argv) {
    PeerArgs args = new PeerArgs(argv);
    boolean tuned = "tuned".equals(args.get("variant", "default"));
    ModelSource model = "int8".equals(args.model()) ? MiniLm.INT8 : MiniLm.FP32;
    CpuLayout layout = tuned ? layout(args) : CpuLayout.oneActor(args.threads());
    int window = tuned ? args.intValue("window", TUNED_WINDOW) : MiniLm.WINDOW;
    boolean spin = !tuned || "on".equals(args.get("spin", "off"));
    GroupParquet.deleteRecursively(Path.of(args.output()));
    try (Sluice sluice = Sluice.local()) {
      long start = System.nanoTime();
      WriteResult written;
      if (tuned) {
        written =
            sluice
                .readParquet(args.input())
                .select("id", "text")
                .mapBatches(MiniLm.tokenizer("text"), Compute.tasks())
                .mapBatches(
                    layout
                        .apply(MiniLm.embedder(model).modelBatchSize(args.batch()))
                        .tuning(SessionTuning.defaults().withSpinning(spin)),
                    layout.compute(window))
                .select("id", MiniLm.EMBEDDING)
                .writeParquet(args.output());
      } else {
        written =
            new EmbeddingPipeline(model, 1, args.threads(), args.batch(), window)
                .build(sluice, args.input())
                .select("id", MiniLm.EMBEDDING)
                .writeParquet(args.output());
      }
      long rows = written.rows();
      double seconds = (System.nanoTime() - start) / 1e9;
      JobStats stats = written.stats();
      // The model stage's span (first call's start to last call's end): with several actors and few
      // windows, busy time divided by actors would credit idle actors.
      double stage =
          stats.operators().stream()
                  .filter(o -> o.name().startsWith(EmbeddingPipeline.INFERENCE_OPERATOR_PREFIX))
                  .mapToLong(JobStats.OperatorStats::wallNanos)
                  .sum()
              / 1e9;
      if (args.flag("stats")) {
        System.out.println(stats.toTable());
        InferenceStats.Snapshot loop = InferenceStats.Snapshot.of(stats);
        System.out.printf(
            "model loop: %s; session.run %.2f s, in windows %.2f s%n",
            loop, loop.runNanos() / 1e9, loop.windowNanos() / 1e9);
      }
      ChildReport.print(seconds, rows, stage);
    }
  }

  /** {@code --layout AxT} (actors x threads each), default {@link CpuLayout#rule(int)}. */
  private static CpuLayout layout(PeerArgs args) {
    String spec = args.get("layout", "");
    if (spec.isEmpty()) {
      return CpuLayout.rule(args.threads());
    }
    String[] parts = spec.split("x");
    return new CpuLayout(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), false);
  }
}
