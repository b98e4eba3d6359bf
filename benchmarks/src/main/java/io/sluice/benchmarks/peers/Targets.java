package io.sluice.benchmarks.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets, checked with per-round ratios ({@link RoundRatio}): one Markdown line each,
 * met or missed.
 */
final class Targets {

  private Targets() {}

  static String markdown(
      List<PeerTable.Row> rows, List<Measurement> runs, Optional<Double> scanRatio) {
    List<String> out = new ArrayList<>();
    out.add("| target | ratio | met |");
    out.add("|---|---:|---|");
    for (String sluice : List.of(PeerBench.SLUICE_DEFAULT, PeerBench.SLUICE_TUNED)) {
      Optional<PeerTable.Row> s = find(rows, sluice);
      if (s.isEmpty()) {
        continue;
      }
      ratio(out, runs, sluice, PeerBench.HAND_WRITTEN, ">= 1.0x", 1.0);
      ratio(out, runs, sluice, PeerBench.HAND_SORTED, ">= 1.0x", 1.0);
      ratio(out, runs, sluice, PeerBench.SPARK, ">= 2x", 2.0);
      ratio(out, runs, sluice, PeerBench.FLINK, ">= 1.5x", 1.5);
      RoundRatio.modelStage(runs, sluice, PeerBench.ORT_ONLY)
          .ifPresent(
              r ->
                  out.add(
                      line(
                          sluice + " model stage ÷ " + PeerBench.ORT_ONLY + " (>= 0.95x)",
                          r,
                          0.95)));
    }
    scanRatio.ifPresent(
        r -> out.add(line("Sluice Parquet scan ÷ DuckDB, full scan (>= 0.5x)", r, 0.5)));
    return String.join("\n", out) + "\n";
  }

  private static void ratio(
      List<String> out,
      List<Measurement> runs,
      String sluice,
      String peer,
      String target,
      double goal) {
    RoundRatio.throughput(runs, sluice, peer)
        .ifPresent(r -> out.add(line(sluice + " ÷ " + peer + " (" + target + ")", r, goal)));
  }

  private static String line(String what, double ratio, double goal) {
    return String.format(
        Locale.ROOT,
        "| %s | %.2fx | %s |",
        what,
        ratio,
        ratio >= goal
            ? "yes"
            : String.format(Locale.ROOT, "no (%.0f%% short)", 100 * (1 - ratio / goal)));
  }

  private static Optional<PeerTable.Row> find(List<PeerTable.Row> rows, String name) {
    return rows.stream().filter(r -> r.name().equals(name)).findFirst();
  }
}
