package io.sluice.benchmarks.peers;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code --key value} arguments shared by the contender mains, with the job's common settings. The
 * parent passes the same values to every contender, so they run the same job.
 */
public final class PeerArgs {

  private final Map<String, String> values = new HashMap<>();

  public PeerArgs(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --key, got " + args[i]);
      }
      String key = args[i].substring(2);
      boolean flag = i + 1 == args.length || args[i + 1].startsWith("--");
      values.put(key, flag ? "true" : args[++i]);
    }
  }

  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public String required(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + key);
    }
    return v;
  }

  public int intValue(String key, int fallback) {
    return Integer.parseInt(get(key, Integer.toString(fallback)));
  }

  public boolean flag(String key) {
    return Boolean.parseBoolean(get(key, "false"));
  }

  /** Input Parquet directory. */
  public String input() {
    return required("input");
  }

  /** Output Parquet directory (replaced). */
  public String output() {
    return required("output");
  }

  /** {@code fp32} (default) or {@code int8}. */
  public String model() {
    return get("model", "fp32");
  }

  /** Total ORT intra-op threads of the contender (default 2, the box's cores). */
  public int threads() {
    return intValue("threads", 2);
  }

  /** Rows per {@code session.run} (default 64). */
  public int batch() {
    return intValue("batch", 64);
  }
}
