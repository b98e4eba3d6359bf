package io.sluice.benchmarks.inference;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Sluice;
import io.sluice.benchmarks.BareOrtLoop;
import io.sluice.inference.Batching;
import io.sluice.inference.CpuLayout;
import io.sluice.inference.MiniLm;
import io.sluice.inference.ModelSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each inference optimisation contributes, for all-MiniLM-L6-v2 fp32 and int8 at model batch
 * 64 and 2 intra-op threads, on a deterministic corpus of 5-45-word sentences: the bare ORT loop in
 * arrival order and sorted by length (the padding-free ceiling), the Sluice end-to-end embed job
 * (read Parquet -> tokenize -> model -> pool -> write Parquet) with everything on, and the same job
 * with each optimisation off in turn. Configurations alternate A B C... within each round, and the
 * table shows medians over rounds, so background load hits all of them alike.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp ... io.sluice.benchmarks.inference.InferenceAblation \
 *     [--rows 2048] [--rounds 2] [--window 1024] [--batch 64] [--threads 2] [--models fp32,int8] [--dir /tmp/x]
 * </pre>
 */
public final class InferenceAblation {

  static final String BARE_ARRIVAL = "bare ORT loop, arrival order";
  static final String BARE_SORTED = "bare ORT loop, sorted by length";
  static final String SLUICE = "Sluice e2e (all on)";
  static final String NO_LENGTH = "Sluice e2e, length-aware batching off";
  static final String NO_OVERLAP = "Sluice e2e, overlap off";
  static final String OTHER_LAYOUT = "Sluice e2e, other CPU layout (N actors x 1 thread)";

  private InferenceAblation() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    int rows = Integer.parseInt(opts.getOrDefault("rows", "2048"));
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "2"));
    int window = Integer.parseInt(opts.getOrDefault("window", "1024"));
    int batch = Integer.parseInt(opts.getOrDefault("batch", "64"));
    int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));
    List<String> models = List.of(opts.getOrDefault("models", "fp32,int8").split(","));
    // Executor CPU slots. The default (cores) lets a busy N-thread actor block tokenize and write
    // tasks; one extra slot lets those light stages run beside inference.
    int cpuSlots =
        Integer.parseInt(
            opts.getOrDefault(
                "cpu-slots", String.valueOf(Runtime.getRuntime().availableProcessors())));
    Path dir =
        Path.of(opts.getOrDefault("dir", Files.createTempDirectory("sluice-ablation").toString()));
    // The headline runs 1 actor x N threads (CpuLayout.rule, and the bare loop's own setting); the
    // other layout is N x 1 (CpuLayout.sharedHost's choice when other work shares the cores).
    CpuLayout layout = CpuLayout.oneActor(threads);

    long t0 = System.nanoTime();
    AblationTable table = new AblationTable();
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().cpuSlots(cpuSlots).build())) {
      String corpus = dir.resolve("corpus").toString();
      EmbedJob.deleteRecursively(dir.resolve("corpus"));
      AblationCorpus.write(sluice, corpus, rows, 42);
      String warm = dir.resolve("warm").toString();
      EmbedJob.deleteRecursively(dir.resolve("warm"));
      AblationCorpus.write(sluice, warm, Math.min(rows, 256), 7);
      List<long[]> ids = TokenIds.read(sluice, corpus);
      List<long[]> sortedIds = BareOrtLoop.sortedByLength(ids);
      System.out.printf(
          "corpus: %d rows, mean %.1f tokens; window %d, model batch %d, layout %s (other: %s),"
              + " %d rounds, %d cores, %d executor CPU slots, load average %.2f%n",
          ids.size(),
          ids.stream().mapToInt(r -> r.length).average().orElse(0),
          window,
          batch,
          layout,
          layout.flipped(),
          rounds,
          Runtime.getRuntime().availableProcessors(),
          cpuSlots,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

      for (String m : models) {
        ModelSource model = m.equals("int8") ? MiniLm.INT8 : MiniLm.FP32;
        Map<String, EmbedJob> jobs = jobs(model, layout, window, batch);
        for (EmbedJob job : jobs.values()) {
          job.run(
              sluice, warm, dir.resolve("out")); // loads and warms every session the timed runs use
        }
        for (int round = 0; round < rounds; round++) {
          table.add(
              m,
              BARE_ARRIVAL,
              BareOrtLoop.run(model, ids, threads, batch, 2).rowsPerSecond(),
              null);
          table.add(
              m,
              BARE_SORTED,
              BareOrtLoop.run(model, sortedIds, threads, batch, 2).rowsPerSecond(),
              null);
          for (Map.Entry<String, EmbedJob> e : jobs.entrySet()) {
            EmbedJob.Run run = e.getValue().run(sluice, corpus, dir.resolve("out"));
            table.add(m, e.getKey(), run.rowsPerSecond(), run.stats().toString());
          }
          System.out.printf(
              "%s round %d done (%.0f s elapsed)%n", m, round + 1, (System.nanoTime() - t0) / 1e9);
        }
      }
    }
    System.out.println();
    System.out.println(
        table.render(models, BARE_ARRIVAL, BARE_SORTED, List.of(SLUICE, OTHER_LAYOUT)));
    System.out.printf("total %.0f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private static Map<String, EmbedJob> jobs(
      ModelSource model, CpuLayout layout, int window, int batch) {
    var spec = MiniLm.embedder(model).batching(Batching.lengthAware(batch));
    Map<String, EmbedJob> jobs = new LinkedHashMap<>();
    jobs.put(SLUICE, new EmbedJob(spec, layout, window));
    jobs.put(NO_LENGTH, new EmbedJob(spec.lengthAware(false), layout, window));
    jobs.put(NO_OVERLAP, new EmbedJob(spec.overlap(false), layout, window));
    jobs.put(OTHER_LAYOUT, new EmbedJob(spec, layout.flipped(), window));
    return jobs;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>(List.of(args));
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      if (!a.startsWith("--") || i + 1 >= rest.size()) {
        throw new IllegalArgumentException(
            "expected --name value pairs (--rows, --rounds, --window, --batch,"
                + " --threads, --models, --cpu-slots, --dir), got '"
                + a
                + "'");
      }
      opts.put(a.substring(2), rest.get(++i));
    }
    return opts;
  }
}
