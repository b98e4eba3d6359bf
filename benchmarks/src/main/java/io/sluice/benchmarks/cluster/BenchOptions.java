package io.sluice.benchmarks.cluster;

import java.util.HashMap;
import java.util.Map;

/** A cluster benchmark's {@code --name value} options, each with its default at the call. */
final class BenchOptions {

  private final Map<String, String> values = new HashMap<>();

  BenchOptions(String[] args) {
    for (int i = 0; i + 1 < args.length; i += 2) {
      values.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
  }

  String get(String name, String otherwise) {
    return values.getOrDefault(name, otherwise);
  }

  int getInt(String name, int otherwise) {
    return Integer.parseInt(get(name, Integer.toString(otherwise)));
  }

  long getLong(String name, long otherwise) {
    return Long.parseLong(get(name, Long.toString(otherwise)));
  }
}
