package io.sluice.cli.ui;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import javax.imageio.ImageIO;

/**
 * One line chart drawn as a PNG with the JDK's own headless Java2D and ImageIO: a title, a grid
 * with labelled axes (seconds across, {@code format}ted values up), one line per series with a
 * legend, and an optional dashed limit line (the memory budget). The run report's two charts are
 * plain lines over at most a few hundred samples: a charting library (JFreeChart, LGPL, 1.6 MB)
 * would add a dependency for what a hundred lines draw, in the same colours as the page's SVG
 * charts.
 *
 * <p>Call-order rules: {@link #series} and {@link #limit} any number of times, then {@link #png}.
 * Not thread-safe. Needs no display ({@code java.awt.headless} is set when it is not).
 */
final class LineChartImage {

  static final int WIDTH = 900;
  static final int HEIGHT = 360;

  /** The page's palette (app.js), so the PNGs and the page look alike. */
  static final Color[] COLORS = {
    new Color(0x2f6fd6),
    new Color(0xe0700b),
    new Color(0x36a269),
    new Color(0xc0392b),
    new Color(0x8e44ad),
    new Color(0x16a2b8),
    new Color(0x7f8c8d),
    new Color(0xd35400)
  };

  private static final Color GRID = new Color(0xeef1f4);
  private static final Color TEXT = new Color(0x5b6b7c);
  private static final Color LIMIT = new Color(0xc0392b);
  private static final int LEFT = 90;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;

  private record Series(String name, Color color, List<double[]> points) {}

  private final String title;
  private final DoubleFunction<String> format;
  private final List<Series> series = new ArrayList<>();
  private double limit = Double.NaN;
  private String limitLabel = "";

  /**
   * @param format how a value on the vertical axis is written
   */
  LineChartImage(String title, DoubleFunction<String> format) {
    this.title = title;
    this.format = format;
  }

  /**
   * Adds a line through {@code points} ({@code [seconds, value]}), in the next colour of the
   * palette.
   */
  LineChartImage series(String name, List<double[]> points) {
    series.add(new Series(name, COLORS[series.size() % COLORS.length], List.copyOf(points)));
    return this;
  }

  /** A dashed horizontal line at {@code value} (the budget), labelled. */
  LineChartImage limit(double value, String label) {
    this.limit = value;
    this.limitLabel = label;
    return this;
  }

  /** The chart as PNG bytes. */
  byte[] png() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      draw(g);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return out.toByteArray();
  }

  private void draw(Graphics2D g) {
    double xMax = 1;
    double yMax = Double.isNaN(limit) ? 0 : limit;
    for (Series s : series) {
      for (double[] p : s.points()) {
        xMax = Math.max(xMax, p[0]);
        yMax = Math.max(yMax, p[1]);
      }
    }
    yMax = Math.max(1, yMax) * 1.08;
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    text(g, title, LEFT, 24, Font.BOLD, Color.DARK_GRAY);
    for (int i = 0; i <= 4; i++) {
      double v = yMax * i / 4;
      int y = TOP + (int) Math.round(plotH * (1 - v / yMax));
      g.setColor(GRID);
      g.drawLine(LEFT, y, LEFT + plotW, y);
      text(g, format.apply(v), 8, y + 4, Font.PLAIN, TEXT);
      double t = xMax * i / 4;
      text(
          g,
          seconds(t),
          LEFT + (int) Math.round(plotW * t / xMax) - 12,
          TOP + plotH + 18,
          Font.PLAIN,
          TEXT);
    }
    g.setColor(TEXT);
    g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
    if (!Double.isNaN(limit)) {
      int y = TOP + (int) Math.round(plotH * (1 - limit / yMax));
      g.setColor(LIMIT);
      g.setStroke(
          new BasicStroke(
              1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
      g.drawLine(LEFT, y, LEFT + plotW, y);
      text(g, limitLabel, LEFT + plotW - 200, y - 5, Font.PLAIN, LIMIT);
    }
    g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    int legendX = LEFT;
    for (Series s : series) {
      List<double[]> p = s.points();
      int[] xs = new int[p.size()];
      int[] ys = new int[p.size()];
      for (int i = 0; i < p.size(); i++) {
        xs[i] = LEFT + (int) Math.round(plotW * p.get(i)[0] / xMax);
        ys[i] = TOP + (int) Math.round(plotH * (1 - p.get(i)[1] / yMax));
      }
      g.setColor(s.color());
      g.drawPolyline(xs, ys, p.size());
      g.fillRect(legendX, HEIGHT - 22, 10, 10);
      text(g, s.name(), legendX + 14, HEIGHT - 13, Font.PLAIN, TEXT);
      legendX += 24 + 7 * s.name().length();
    }
  }

  /**
   * Text needs the platform's fonts; where a minimal image has none, Java2D throws from its font
   * configuration, and the chart keeps its lines without labels rather than failing the report.
   */
  private static void text(Graphics2D g, String s, int x, int y, int style, Color color) {
    try {
      g.setFont(new Font(Font.SANS_SERIF, style, 12));
      g.setColor(color);
      g.drawString(s, x, y);
    } catch (RuntimeException | InternalError noFonts) {
      // no fonts on this machine: an unlabelled chart
    }
  }

  static String seconds(double s) {
    return s < 120
        ? String.format(Locale.ROOT, "%.0f s", s)
        : String.format(Locale.ROOT, "%.1f min", s / 60);
  }
}
