package io.sluice.benchmarks.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows/s per (model, configuration) over rounds, printed as one Markdown table of medians. */
final class AblationTable {

  private final Map<String, Map<String, List<Double>>> rates = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> notes = new LinkedHashMap<>();

  void add(String model, String config, double rowsPerSecond, String note) {
    rates
        .computeIfAbsent(config, k -> new LinkedHashMap<>())
        .computeIfAbsent(model, k -> new ArrayList<>())
        .add(rowsPerSecond);
    if (note != null) {
      notes.computeIfAbsent(config, k -> new LinkedHashMap<>()).put(model, note);
    }
  }

  double median(String model, String config) {
    double[] v =
        rates.get(config).get(model).stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  String render(List<String> models, String unsorted, String sorted, List<String> sluiceConfigs) {
    StringBuilder sb = new StringBuilder();
    sb.append("| configuration |");
    models.forEach(
        m -> sb.append(' ').append(m).append(" rows/s (median) | ").append(m).append(" rounds |"));
    sb.append("\n|---|");
    models.forEach(m -> sb.append("---:|---|"));
    sb.append('\n');
    for (String config : rates.keySet()) {
      sb.append("| ").append(config).append(" |");
      for (String m : models) {
        List<Double> r = rates.get(config).get(m);
        sb.append(
            String.format(
                " %.1f | %s |",
                median(m, config), r.stream().map(x -> String.format("%.1f", x)).toList()));
      }
      sb.append('\n');
    }
    List<String[]> ratios = new ArrayList<>();
    for (String sluice : sluiceConfigs) {
      ratios.add(new String[] {sluice, unsorted, "1.8"});
      ratios.add(new String[] {sluice, sorted, "0.95"});
    }
    for (String[] ratio : ratios) {
      sb.append("| **ratio** ")
          .append(ratio[0])
          .append(" / ")
          .append(ratio[1])
          .append(" (target >= ")
          .append(ratio[2])
          .append(") |");
      for (String m : models) {
        sb.append(String.format(" **%.2fx** | |", median(m, ratio[0]) / median(m, ratio[1])));
      }
      sb.append('\n');
    }
    if (!notes.isEmpty()) {
      sb.append("\nModel loop counters (last round):\n");
      notes.forEach(
          (config, byModel) ->
              byModel.forEach(
                  (m, n) ->
                      sb.append("- ")
                          .append(m)
                          .append(", ")
                          .append(config)
                          .append(": ")
                          .append(n)
                          .append('\n')));
    }
    return sb.toString();
  }
}
