package io.sluice.executor.run;

/**
 * What the job has learned about one operator while it runs, for admission policies. Made by {@link
 * OperatorProfiles}, the one place that turns operators' figures into estimates.
 *
 * @param tasksDone tasks completed so far (profiles with 0 are guesses)
 * @param avgTaskSeconds mean task duration
 * @param avgOutputBytes mean bytes one task produces (the next task's estimate before any ended)
 * @param outputInputRatio bytes out per byte in (1 for sources and before anything was measured)
 * @param maxRunning most tasks seen running at once: the parallelism the operator gets
 * @param nextTaskOutputBytes bytes the next task is expected to produce, uncapped
 * @param minTaskOutputBytes bytes the smallest task it could start now (one input block) is
 *     expected to produce: what a memory policy must find room for before it caps the task's input
 */
public record OperatorProfile(
    long tasksDone,
    double avgTaskSeconds,
    long avgOutputBytes,
    double outputInputRatio,
    int maxRunning,
    long nextTaskOutputBytes,
    long minTaskOutputBytes) {

  /** Nothing known, nothing expected. */
  public static final OperatorProfile UNKNOWN = new OperatorProfile(0, 0, 0, 1.0, 1, 0, 0);

  /**
   * Seconds of this operator's work per input byte, spread over its parallelism; 0 when unknown.
   */
  public double secondsPerInputByte(long avgInputBytesPerTask) {
    if (tasksDone == 0 || avgInputBytesPerTask <= 0) {
      return 0;
    }
    return avgTaskSeconds / avgInputBytesPerTask / Math.max(1, maxRunning);
  }
}
