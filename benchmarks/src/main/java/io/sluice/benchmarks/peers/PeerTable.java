package io.sluice.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Medians per contender over the rounds, the Markdown table with each contender's ratio to Sluice,
 * and the raw CSV (one line per run).
 */
final class PeerTable {

  /** One contender's medians. */
  record Row(
      String name,
      double jobSeconds,
      double rowsPerSecond,
      double cpuSeconds,
      double rssMiB,
      double inferRowsPerSecond,
      long rows,
      double checksum,
      boolean checksumOk) {}

  private PeerTable() {}

  static List<Row> medians(
      List<Measurement> runs, List<String> order, Map<String, Boolean> checksumOk) {
    Map<String, List<Measurement>> by = new LinkedHashMap<>();
    order.forEach(n -> by.put(n, new ArrayList<>()));
    runs.forEach(m -> by.get(m.contender()).add(m));
    List<Row> rows = new ArrayList<>();
    for (var e : by.entrySet()) {
      List<Measurement> ms = e.getValue();
      if (ms.isEmpty()) {
        continue;
      }
      rows.add(
          new Row(
              e.getKey(),
              median(ms, Measurement::jobSeconds),
              median(ms, Measurement::rowsPerSecond),
              median(ms, Measurement::cpuSeconds),
              median(ms, m -> m.peakRssBytes() / 1048576.0),
              median(ms, m -> m.rows() / m.inferSeconds()),
              ms.get(0).rows(),
              ms.get(0).checksum(),
              checksumOk.getOrDefault(e.getKey(), true)));
    }
    return rows;
  }

  static double median(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
    double[] v = ms.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * The table; {@code sluice} names the contender the ratio column (per-round, median) divides by.
   */
  static String markdown(List<Row> rows, List<Measurement> runs, String sluice) {
    StringBuilder sb = new StringBuilder();
    sb.append(
            "| contender | job s | rows/s | CPU s | CPU ms/row | peak RSS MiB | model-stage rows/s | rows"
                + " | checksum | ")
        .append(sluice)
        .append(" ÷ this (per round) |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f | %.1f | %.1f | %.0f | %s | %d | %s | %.2fx |%n",
              r.name(),
              r.jobSeconds(),
              r.rowsPerSecond(),
              r.cpuSeconds(),
              1000 * r.cpuSeconds() / r.rows(),
              r.rssMiB(),
              Double.isNaN(r.inferRowsPerSecond())
                  ? "-"
                  : String.format(Locale.ROOT, "%.1f", r.inferRowsPerSecond()),
              r.rows(),
              Double.isNaN(r.checksum())
                  ? "n/a"
                  : String.format(
                      Locale.ROOT, "%.3f%s", r.checksum(), r.checksumOk() ? "" : " **VOID**"),
              RoundRatio.throughput(runs, sluice, r.name()).orElse(Double.NaN)));
    }
    return sb.toString();
  }

  static void csv(List<Measurement> runs, Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(
        "contender,round,job_seconds,process_seconds,rows,rows_per_second,cpu_seconds,peak_rss_bytes,"
            + "infer_seconds,checksum,non_null_embeddings");
    for (Measurement m : runs) {
      lines.add(
          String.join(
              ",",
              Arrays.asList(
                  "\"" + m.contender() + "\"",
                  Integer.toString(m.round()),
                  num(m.jobSeconds()),
                  num(m.processSeconds()),
                  Long.toString(m.rows()),
                  num(m.rowsPerSecond()),
                  num(m.cpuSeconds()),
                  Long.toString(m.peakRssBytes()),
                  num(m.inferSeconds()),
                  num(m.checksum()),
                  Long.toString(m.nonNullEmbeddings()))));
    }
    Files.write(file, lines);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
  }
}
