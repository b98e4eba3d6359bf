package io.sluice.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** PNG bar charts (XChart) of the medians: rows/s and peak RSS per contender. */
final class PeerCharts {

  private PeerCharts() {}

  static void write(List<PeerTable.Row> rows, Path dir) throws IOException {
    bar(
        rows,
        "Embedding job throughput (median)",
        "rows/s",
        PeerTable.Row::rowsPerSecond,
        dir.resolve("rows-per-second"));
    bar(rows, "Peak RSS (median)", "MiB", PeerTable.Row::rssMiB, dir.resolve("peak-rss"));
  }

  static void bar(
      List<PeerTable.Row> rows,
      String title,
      String unit,
      ToDoubleFunction<PeerTable.Row> f,
      Path file)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(900)
            .height(500)
            .title(title)
            .xAxisTitle("contender")
            .yAxisTitle(unit)
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(20);
    chart.addSeries(
        unit,
        rows.stream().map(PeerTable.Row::name).toList(),
        rows.stream().map(r -> (Number) f.applyAsDouble(r)).toList());
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
