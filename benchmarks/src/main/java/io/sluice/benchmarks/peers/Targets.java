package io.sluice.benchmarks.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The targets, checked against the medians: one Markdown line per ratio, met or missed. */
final class Targets {

  private Targets() {}

  static String markdown(List<PeerTable.Row> rows, Optional<Double> scanRatio) {
    List<String> out = new ArrayList<>();
    out.add("| target | ratio | met |");
    out.add("|---|---:|---|");
    for (String sluice : List.of(PeerBench.SLUICE_DEFAULT, PeerBench.SLUICE_TUNED)) {
      Optional<PeerTable.Row> s = find(rows, sluice);
      if (s.isEmpty()) {
        continue;
      }
      ratio(out, s.get(), find(rows, PeerBench.HAND_WRITTEN), ">= 1.0x", 1.0);
      ratio(out, s.get(), find(rows, PeerBench.SPARK), ">= 2x", 2.0);
      ratio(out, s.get(), find(rows, PeerBench.FLINK), ">= 1.5x", 1.5);
      Optional<PeerTable.Row> ort = find(rows, PeerBench.ORT_ONLY);
      if (ort.isPresent() && !Double.isNaN(s.get().inferRowsPerSecond())) {
        double r = s.get().inferRowsPerSecond() / ort.get().rowsPerSecond();
        out.add(line(sluice + " model stage ÷ " + PeerBench.ORT_ONLY + " (>= 0.95x)", r, 0.95));
      }
    }
    scanRatio.ifPresent(r -> out.add(line("Sluice Parquet scan ÷ DuckDB, full scan (>= 0.5x)", r, 0.5)));
    return String.join("\n", out) + "\n";
  }

  private static void ratio(List<String> out, PeerTable.Row sluice, Optional<PeerTable.Row> peer, String target,
      double goal) {
    peer.ifPresent(p -> out.add(line(sluice.name() + " ÷ " + p.name() + " (" + target + ")",
        sluice.rowsPerSecond() / p.rowsPerSecond(), goal)));
  }

  private static String line(String what, double ratio, double goal) {
    return String.format(Locale.ROOT, "| %s | %.2fx | %s |", what, ratio,
        ratio >= goal ? "yes" : String.format(Locale.ROOT, "no (%.0f%% short)", 100 * (1 - ratio / goal)));
  }

  private static Optional<PeerTable.Row> find(List<PeerTable.Row> rows, String name) {
    return rows.stream().filter(r -> r.name().equals(name)).findFirst();
  }
}
