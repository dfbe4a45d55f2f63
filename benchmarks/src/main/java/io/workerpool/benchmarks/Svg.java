package io.workerpool.benchmarks;

import java.util.List;
import java.util.Locale;

/** Writes small line and bar charts as SVG text. */
final class Svg {

  /** One line or bar series; {@code values} has one entry per category, NaN where missing. */
  record Series(String name, List<Double> values, boolean dashed) {}

  private static final String[] COLORS =
      {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"};
  private static final int WIDTH = 720;
  private static final int HEIGHT = 400;
  private static final int LEFT = 80;
  private static final int RIGHT = 200;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private Svg() {}

  /** Draws series as lines over categories on a linear axis from zero. */
  static String lineChart(String title, String xLabel, String yLabel, List<String> categories,
      List<Series> series) {
    double max = maxValue(series);
    StringBuilder svg = header(title, xLabel, yLabel);
    linearAxis(svg, max);
    double step = plotWidth() / (double) Math.max(1, categories.size() - 1);
    for (int i = 0; i < categories.size(); i++) {
      double x = LEFT + (categories.size() == 1 ? plotWidth() / 2.0 : i * step);
      text(svg, x, HEIGHT - BOTTOM + 18, "middle", categories.get(i));
    }
    for (int s = 0; s < series.size(); s++) {
      Series line = series.get(s);
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < line.values().size(); i++) {
        double value = line.values().get(i);
        if (Double.isNaN(value)) {
          continue;
        }
        double x = LEFT + (categories.size() == 1 ? plotWidth() / 2.0 : i * step);
        double y = TOP + plotHeight() * (1 - value / max);
        points.append(fmt(x)).append(',').append(fmt(y)).append(' ');
        svg.append("<circle cx='").append(fmt(x)).append("' cy='").append(fmt(y))
            .append("' r='3' fill='").append(color(s)).append("'/>\n");
      }
      svg.append("<polyline fill='none' stroke-width='2' stroke='").append(color(s))
          .append(line.dashed() ? "' stroke-dasharray='6,4" : "").append("' points='")
          .append(points.toString().trim()).append("'/>\n");
      legend(svg, s, line.name(), line.dashed());
    }
    return svg.append("</svg>\n").toString();
  }

  /** Draws grouped bars, one group per category, on a base-10 logarithmic axis. */
  static String logBarChart(String title, String yLabel, List<String> categories,
      List<Series> series) {
    double max = maxValue(series);
    double min = Double.MAX_VALUE;
    for (Series bars : series) {
      for (double value : bars.values()) {
        if (!Double.isNaN(value) && value > 0) {
          min = Math.min(min, value);
        }
      }
    }
    double low = Math.floor(Math.log10(Math.min(min, 1)));
    double high = Math.ceil(Math.log10(max));
    if (high <= low) {
      high = low + 1;
    }
    StringBuilder svg = header(title, "", yLabel);
    for (double exponent = low; exponent <= high; exponent++) {
      double y = TOP + plotHeight() * (1 - (exponent - low) / (high - low));
      gridLine(svg, y, fmtValue(Math.pow(10, exponent)));
    }
    double groupWidth = plotWidth() / (double) categories.size();
    double barWidth = groupWidth * 0.8 / series.size();
    for (int c = 0; c < categories.size(); c++) {
      double groupX = LEFT + c * groupWidth + groupWidth * 0.1;
      text(svg, groupX + groupWidth * 0.4, HEIGHT - BOTTOM + 18, "middle", categories.get(c));
      for (int s = 0; s < series.size(); s++) {
        double value = series.get(s).values().get(c);
        if (Double.isNaN(value) || value <= 0) {
          continue;
        }
        double fraction = (Math.log10(value) - low) / (high - low);
        double y = TOP + plotHeight() * (1 - fraction);
        svg.append("<rect x='").append(fmt(groupX + s * barWidth)).append("' y='")
            .append(fmt(y)).append("' width='").append(fmt(barWidth - 2)).append("' height='")
            .append(fmt(TOP + plotHeight() - y)).append("' fill='").append(color(s))
            .append("'><title>").append(escape(series.get(s).name() + ": "
                + fmtValue(value))).append("</title></rect>\n");
      }
    }
    for (int s = 0; s < series.size(); s++) {
      legend(svg, s, series.get(s).name(), false);
    }
    return svg.append("</svg>\n").toString();
  }

  private static StringBuilder header(String title, String xLabel, String yLabel) {
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(WIDTH)
        .append("' height='").append(HEIGHT).append("' font-family='sans-serif' ")
        .append("font-size='12'>\n<rect width='100%' height='100%' fill='white'/>\n");
    svg.append("<text x='").append(WIDTH / 2).append("' y='22' text-anchor='middle' ")
        .append("font-size='15'>").append(escape(title)).append("</text>\n");
    text(svg, LEFT + plotWidth() / 2.0, HEIGHT - 10, "middle", xLabel);
    svg.append("<text transform='translate(18,").append(TOP + plotHeight() / 2)
        .append(") rotate(-90)' text-anchor='middle'>").append(escape(yLabel))
        .append("</text>\n");
    return svg;
  }

  private static void linearAxis(StringBuilder svg, double max) {
    for (int i = 0; i <= 5; i++) {
      double value = max * i / 5;
      gridLine(svg, TOP + plotHeight() * (1 - i / 5.0), fmtValue(value));
    }
  }

  private static void gridLine(StringBuilder svg, double y, String label) {
    svg.append("<line x1='").append(LEFT).append("' x2='").append(LEFT + plotWidth())
        .append("' y1='").append(fmt(y)).append("' y2='").append(fmt(y))
        .append("' stroke='#ddd'/>\n");
    text(svg, LEFT - 6, y + 4, "end", label);
  }

  private static void legend(StringBuilder svg, int index, String name, boolean dashed) {
    double x = WIDTH - RIGHT + 15;
    double y = TOP + 10 + index * 20;
    svg.append("<line x1='").append(fmt(x)).append("' x2='").append(fmt(x + 22))
        .append("' y1='").append(fmt(y)).append("' y2='").append(fmt(y))
        .append("' stroke-width='4' stroke='").append(color(index))
        .append(dashed ? "' stroke-dasharray='6,4" : "").append("'/>\n");
    text(svg, x + 28, y + 4, "start", name);
  }

  private static void text(StringBuilder svg, double x, double y, String anchor, String text) {
    svg.append("<text x='").append(fmt(x)).append("' y='").append(fmt(y))
        .append("' text-anchor='").append(anchor).append("'>").append(escape(text))
        .append("</text>\n");
  }

  private static double maxValue(List<Series> series) {
    double max = 0;
    for (Series line : series) {
      for (double value : line.values()) {
        if (!Double.isNaN(value)) {
          max = Math.max(max, value);
        }
      }
    }
    return max > 0 ? max * 1.1 : 1;
  }

  private static int plotWidth() {
    return WIDTH - LEFT - RIGHT;
  }

  private static int plotHeight() {
    return HEIGHT - TOP - BOTTOM;
  }

  private static String color(int index) {
    return COLORS[index % COLORS.length];
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String fmtValue(double value) {
    return Targets.format(value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
