package io.sluice.benchmarks.peers;

/**
 * One run of one contender.
 *
 * @param contender its name
 * @param round 0-based round
 * @param jobSeconds job wall time as the child measured it (engine start-up excluded)
 * @param processSeconds the child JVM's wall time, start-up and shut-down included
 * @param rows rows the job wrote (or ran, for ORT-only)
 * @param cpuSeconds utime + stime of the child process
 * @param peakRssBytes VmHWM of the child
 * @param inferSeconds model-stage wall time (Sluice), NaN when not known
 * @param checksum output checksum, NaN when there is no output
 * @param nonNullEmbeddings rows with an embedding in the output, -1 when there is no output
 */
public record Measurement(
    String contender,
    int round,
    double jobSeconds,
    double processSeconds,
    long rows,
    double cpuSeconds,
    long peakRssBytes,
    double inferSeconds,
    double checksum,
    long nonNullEmbeddings) {

  public double rowsPerSecond() {
    return rows / jobSeconds;
  }
}
