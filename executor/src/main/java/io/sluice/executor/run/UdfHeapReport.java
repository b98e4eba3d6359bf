package io.sluice.executor.run;

import io.sluice.api.JobStats;
import io.sluice.api.JobStats.UdfHeap;
import io.sluice.executor.op.PhysicalOperator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stats table's lines about UDF heap: per operator what its instances hold (allocated while
 * they were built) and allocate per call, and, when the UDFs together hold more than half of the
 * JVM's maximum heap, a warning with the numbers (the launcher sizes the heap from the memory
 * budget for rows and Parquet pages too, so UDF state beyond half of it is what ends in an
 * OutOfMemoryError).
 */
final class UdfHeapReport {

  /** Operators whose figures are all below this are left out of the table. */
  private static final long SHOWN_FROM_BYTES = 1L << 20;

  private UdfHeapReport() {}

  /** The JVM's heap limit now (-Xmx), or -1 when it has none. */
  static long maxHeapBytes() {
    return Runtime.getRuntime().maxMemory() == Long.MAX_VALUE
        ? -1
        : Runtime.getRuntime().maxMemory();
  }

  /**
   * Heap in use after the latest collection of each heap pool (what survived it), or -1 when
   * unknown.
   */
  static long heapAfterGcBytes() {
    long sum = 0;
    boolean any = false;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage u = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (u != null) {
        sum += u.getUsed();
        any = true;
      }
    }
    return any ? sum : -1;
  }

  static List<String> lines(Map<String, UdfHeap> byOperator, long maxHeap, long heapAfterGc) {
    List<String> out = new ArrayList<>();
    long held = 0;
    List<String> holders = new ArrayList<>();
    for (Map.Entry<String, UdfHeap> e : byOperator.entrySet()) {
      UdfHeap h = e.getValue();
      held += h.peakHeldBytes();
      if (h.peakHeldBytes() < SHOWN_FROM_BYTES && h.allocatedBytes() < SHOWN_FROM_BYTES) {
        continue;
      }
      holders.add(String.format(Locale.ROOT, "%s %s MiB", e.getKey(), mib(h.peakHeldBytes())));
      out.add(
          String.format(
              Locale.ROOT,
              "udf heap %s: %d instances held up to %s MiB (allocated while built)%s;"
                  + " %s MiB allocated in %d calls (%s MiB per call)",
              e.getKey(),
              h.instances(),
              mib(h.peakHeldBytes()),
              share(h.peakHeldBytes(), heapAfterGc),
              mib(h.allocatedBytes()),
              h.calls(),
              mib(h.calls() == 0 ? 0 : h.allocatedBytes() / h.calls())));
    }
    if (maxHeap > 0 && held > maxHeap / 2) {
      out.add(
          String.format(
              Locale.ROOT,
              "udf heap: WARNING the UDFs hold up to %s MiB (%s), %.0f %% of the JVM's"
                  + " max heap of %s MiB, which also holds rows and Parquet pages: give the JVM more heap"
                  + " (SLUICE_JAVA_OPTS=-Xmx%dm or a larger memory budget) or run fewer instances",
              mib(held),
              String.join(", ", holders),
              100.0 * held / maxHeap,
              mib(maxHeap),
              ((2 * held) >> 20) + 1));
    }
    return out;
  }

  /** " = N % of the heap after the last GC", when that is known and not smaller than the figure. */
  private static String share(long bytes, long heapAfterGc) {
    if (heapAfterGc <= 0 || bytes > heapAfterGc || bytes == 0) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        ", %.0f %% of the %s MiB heap after the last GC",
        100.0 * bytes / heapAfterGc,
        mib(heapAfterGc));
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
  }

  /** For {@link JobStats#udfHeap}: the figures of every operator that reported some. */
  static Map<String, UdfHeap> collect(JobGraph graph) {
    Map<String, UdfHeap> m = new LinkedHashMap<>();
    for (int i = 0; i < graph.size(); i++) {
      PhysicalOperator op = graph.get(i);
      op.stats().udfHeap().ifPresent(h -> m.put(op.spec().name(), h));
    }
    return Collections.unmodifiableMap(m);
  }
}
