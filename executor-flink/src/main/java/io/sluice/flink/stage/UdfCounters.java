package io.sluice.flink.stage;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.Accumulator;

/**
 * A UDF's counters ({@code BatchUdf#counters()}) as a Flink accumulator named {@code
 * <operator>|udfCounters}: each subtask holds its UDF's latest figures (they are cumulative, so the
 * latest replaces the previous), and Flink sums them over the subtasks by name, as the local pool
 * sums its actors' counters. The driver gets the map with the job's result ({@code
 * JobStats#udfCounters}). Task thread only.
 */
public final class UdfCounters implements Accumulator<Map<String, Long>, HashMap<String, Long>> {

  public static final String NAME = "udfCounters";
  private static final long serialVersionUID = 1L;

  private HashMap<String, Long> values = new HashMap<>();

  /** Replaces this subtask's figures with {@code latest} (the UDF's counters now). */
  @Override
  public void add(Map<String, Long> latest) {
    values = new HashMap<>(latest);
  }

  @Override
  public HashMap<String, Long> getLocalValue() {
    return values;
  }

  @Override
  public void resetLocal() {
    values = new HashMap<>();
  }

  @Override
  public void merge(Accumulator<Map<String, Long>, HashMap<String, Long>> other) {
    other.getLocalValue().forEach((k, v) -> values.merge(k, v, Long::sum));
  }

  @Override
  public UdfCounters clone() {
    UdfCounters c = new UdfCounters();
    c.values = new HashMap<>(values);
    return c;
  }
}
