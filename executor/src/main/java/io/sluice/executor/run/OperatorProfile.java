package io.sluice.executor.run;

/**
 * What the job has learned about one operator while it runs, for admission policies.
 *
 * @param tasksDone tasks completed so far (profiles with 0 are guesses)
 * @param avgTaskSeconds mean task duration
 * @param avgOutputBytes mean bytes one task produces (the operator's own estimate before any ended)
 * @param outputInputRatio bytes out per byte in (1 for sources and before anything was measured)
 * @param maxRunning most tasks seen running at once: the parallelism the operator gets
 */
public record OperatorProfile(long tasksDone, double avgTaskSeconds, long avgOutputBytes, double outputInputRatio,
    int maxRunning) {

  /** Seconds of this operator's work per input byte, spread over its parallelism; 0 when unknown. */
  public double secondsPerInputByte(long avgInputBytesPerTask) {
    if (tasksDone == 0 || avgInputBytesPerTask <= 0) {
      return 0;
    }
    return avgTaskSeconds / avgInputBytesPerTask / Math.max(1, maxRunning);
  }
}
