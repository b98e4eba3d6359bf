package io.sluice.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.connectors.fs.FileSystems;
import io.sluice.connectors.fs.FsConfig;
import io.sluice.connectors.fs.FsPaths;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run report's PNG charts, for readers without a browser (a ticket, a chat, an e-mail): rows
 * per second of each operator over time, and the Arrow memory held (and spilled) against the
 * budget. Drawn from the report's {@code timeline}, the same samples as the HTML report's charts,
 * so both show the run as it ended. Stateless.
 */
public final class ReportCharts {

  /** The charts by name: {@code throughput} and {@code memory}. */
  public static final List<String> NAMES = List.of("throughput", "memory");

  private ReportCharts() {}

  /**
   * Each chart of {@code report} (a run-report tree) as PNG bytes, by name; empty without a
   * timeline.
   */
  public static Map<String, byte[]> of(JsonNode report) {
    JsonNode tl = report.path("timeline");
    JsonNode samples = tl.path("samples");
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (samples.size() == 0) {
      return out;
    }
    LineChartImage thr =
        new LineChartImage("Throughput per operator (rows/s)", ReportCharts::count);
    JsonNode ops = tl.path("operators");
    for (int i = 0; i < ops.size(); i++) {
      thr.series(ops.get(i).asText(), rates(samples, i));
    }
    out.put("throughput", thr.png());
    List<double[]> held = new ArrayList<>();
    List<double[]> spilled = new ArrayList<>();
    for (JsonNode s : samples) {
      held.add(new double[] {s.path("t").asDouble(), s.path("memory_bytes").asDouble()});
      spilled.add(new double[] {s.path("t").asDouble(), s.path("spilled_bytes").asDouble()});
    }
    long budget = report.at("/memory/budget_bytes").asLong();
    LineChartImage mem =
        new LineChartImage("Memory against budget", ReportCharts::bytes)
            .series("Arrow memory held", held)
            .series("spilled", spilled);
    if (budget > 0) {
      mem.limit(budget, "budget " + bytes(budget));
    }
    out.put("memory", mem.png());
    return out;
  }

  /**
   * Where chart {@code name} of the report at {@code reportPath} goes: beside it, {@code .json}
   * replaced by {@code .NAME.png} ({@code 2026-12-01.run-report.throughput.png}).
   */
  public static String pngPath(String reportPath, String name) {
    String base =
        reportPath.endsWith(".json")
            ? reportPath.substring(0, reportPath.length() - 5)
            : reportPath;
    return base + "." + name + ".png";
  }

  /**
   * Writes the charts of {@code report} beside {@code reportPath} (any Hadoop file system); the
   * paths written.
   */
  public static List<String> write(JsonNode report, String reportPath, FsConfig config)
      throws IOException {
    List<String> written = new ArrayList<>();
    for (Map.Entry<String, byte[]> chart : of(report).entrySet()) {
      String location = pngPath(reportPath, chart.getKey());
      Path p = FsPaths.toPath(location);
      FileSystem fs = FileSystems.get(p, config);
      if (p.getParent() != null) {
        fs.mkdirs(p.getParent());
      }
      try (OutputStream o = fs.create(p, true)) {
        o.write(chart.getValue());
      }
      written.add(location);
    }
    return written;
  }

  /**
   * Rows per second of operator {@code i} between consecutive samples (as app.js computes them).
   */
  static List<double[]> rates(JsonNode samples, int i) {
    List<double[]> out = new ArrayList<>();
    for (int k = 1; k < samples.size(); k++) {
      JsonNode a = samples.get(k - 1);
      JsonNode b = samples.get(k);
      double dt = b.path("t").asDouble() - a.path("t").asDouble();
      if (dt > 0) {
        double rows = b.path("rows_out").path(i).asDouble() - a.path("rows_out").path(i).asDouble();
        out.add(new double[] {b.path("t").asDouble(), Math.max(0, rows / dt)});
      }
    }
    return out;
  }

  static String count(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  static String bytes(double b) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (b >= 1024 && u < units.length - 1) {
      b /= 1024;
      u++;
    }
    return u == 0
        ? String.format(Locale.ROOT, "%.0f B", b)
        : String.format(Locale.ROOT, "%.1f %s", b, units[u]);
  }
}
