package io.sluice.benchmarks.soak;

import java.util.Locale;

/**
 * One reading of the soak's process: seconds since the sampler started, resident set (VmRSS), heap
 * used right after a full GC, open file descriptors, live threads and the rounds finished so far.
 */
record Sample(
    double seconds, long rssBytes, long heapAfterGcBytes, long fds, long threads, int rounds) {

  static final String CSV_HEADER = "seconds,rss_bytes,heap_after_gc_bytes,fds,threads,rounds";

  String csv() {
    return String.format(
        Locale.ROOT,
        "%.1f,%d,%d,%d,%d,%d",
        seconds,
        rssBytes,
        heapAfterGcBytes,
        fds,
        threads,
        rounds);
  }
}
