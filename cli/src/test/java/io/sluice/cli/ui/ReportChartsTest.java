package io.sluice.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connectors.fs.FsConfig;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's PNG charts: they decode, have the chart's size, and draw each series and the budget
 * line.
 */
class ReportChartsTest {

  @TempDir Path tmp;

  @Test
  void theChartsDecodeAndDrawEverySeriesAndTheBudget() throws Exception {
    Map<String, byte[]> charts = ReportCharts.of(report());
    assertThat(charts).containsOnlyKeys("throughput", "memory");
    BufferedImage thr = decode(charts.get("throughput"));
    BufferedImage mem = decode(charts.get("memory"));
    for (BufferedImage i : List.of(thr, mem)) {
      assertThat(i.getWidth()).isEqualTo(LineChartImage.WIDTH);
      assertThat(i.getHeight()).isEqualTo(LineChartImage.HEIGHT);
    }
    // one colour per operator's line, in the plot area (not only the legend)
    assertThat(pixelsOf(thr, LineChartImage.COLORS[0])).isGreaterThan(200);
    assertThat(pixelsOf(thr, LineChartImage.COLORS[1])).isGreaterThan(200);
    assertThat(pixelsOf(thr, LineChartImage.COLORS[2])).isGreaterThan(200);
    assertThat(pixelsOf(mem, LineChartImage.COLORS[0])).as("memory held").isGreaterThan(200);
    assertThat(pixelsOf(mem, new Color(0xc0392b))).as("the budget line").isGreaterThan(200);
  }

  @Test
  void aReportWithoutSamplesHasNoCharts() {
    ObjectNode r = report();
    ((ObjectNode) r.get("timeline")).putArray("samples");
    assertThat(ReportCharts.of(r)).isEmpty();
    r.remove("timeline");
    assertThat(ReportCharts.of(r)).isEmpty();
  }

  @Test
  void theChartsGoBesideTheReport() throws Exception {
    String report = tmp.resolve("out/2026-12-01.run-report.json").toString();
    List<String> written = ReportCharts.write(report(), report, FsConfig.fromOptions(Map.of()));
    assertThat(written)
        .containsExactly(
            tmp.resolve("out/2026-12-01.run-report.throughput.png").toString(),
            tmp.resolve("out/2026-12-01.run-report.memory.png").toString());
    for (String p : written) {
      assertThat(decode(Files.readAllBytes(Path.of(p))).getWidth()).isEqualTo(LineChartImage.WIDTH);
    }
  }

  @Test
  void ratesAreRowsPerSecondBetweenSamples() {
    ArrayNode samples = (ArrayNode) report().at("/timeline/samples");
    List<double[]> r = ReportCharts.rates(samples, 0);
    assertThat(r).hasSize(samples.size() - 1);
    assertThat(r.get(0)).containsExactly(0.5, 2000.0); // 1000 more rows in 0.5 s
  }

  /**
   * Three operators over 20 s: a steady source, a slower map, a sink; memory rising to near the
   * budget.
   */
  private static ObjectNode report() {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.putObject("memory").put("budget_bytes", 64L << 20);
    ObjectNode tl = r.putObject("timeline");
    tl.putArray("operators").add("ReadParquet").add("MapBatches").add("Write");
    ArrayNode samples = tl.putArray("samples");
    for (int k = 0; k <= 40; k++) {
      ObjectNode s = samples.addObject();
      s.put("t", k * 0.5);
      s.put("memory_bytes", Math.min(60L << 20, k * (2L << 20)));
      s.put("spilled_bytes", k > 30 ? (k - 30) * (1L << 20) : 0);
      s.putArray("rows_out").add(k * 1000L).add(k * 600L + (k % 3) * 50).add(k * 300L);
    }
    return r;
  }

  private static BufferedImage decode(byte[] png) throws Exception {
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    BufferedImage i = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(i).as("decodes").isNotNull();
    return i;
  }

  /** Pixels within a small distance of {@code c} (antialiasing blends the edges). */
  private static int pixelsOf(BufferedImage i, Color c) {
    int n = 0;
    for (int y = 0; y < i.getHeight(); y++) {
      for (int x = 0; x < i.getWidth(); x++) {
        Color p = new Color(i.getRGB(x, y));
        if (Math.abs(p.getRed() - c.getRed())
                + Math.abs(p.getGreen() - c.getGreen())
                + Math.abs(p.getBlue() - c.getBlue())
            < 30) {
          n++;
        }
      }
    }
    return n;
  }
}
