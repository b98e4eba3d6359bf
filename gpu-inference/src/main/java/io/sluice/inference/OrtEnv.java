package io.sluice.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import io.sluice.api.PlanException;

/**
 * The process-wide {@link OrtEnvironment}. ORT creates it once per process, and global thread pools
 * (needed by {@link SessionTuning#sharedThreadPool()}) can only be attached at creation; so a program
 * that wants them calls {@link #useGlobalThreadPool} before loading any model. Thread-safe.
 */
public final class OrtEnv {

  private static int globalIntraOpThreads;

  private OrtEnv() {}

  /** The environment (created plain on first use if {@link #useGlobalThreadPool} was not called). */
  public static OrtEnvironment get() {
    return OrtEnvironment.getEnvironment();
  }

  /**
   * Creates the environment with a global intra-op pool of {@code intraOpThreads} threads (inter-op
   * 1, no spinning, so idle pool threads do not steal cores from other stages). Idempotent for the
   * same size; fails if the environment already exists without a pool or with another size.
   */
  public static synchronized OrtEnvironment useGlobalThreadPool(int intraOpThreads) {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("global intra-op threads must be >= 1, got " + intraOpThreads);
    }
    if (globalIntraOpThreads == intraOpThreads) {
      return get();
    }
    if (globalIntraOpThreads > 0) {
      throw new PlanException("the ONNX Runtime global thread pool already has " + globalIntraOpThreads
          + " threads; it cannot be resized to " + intraOpThreads + " within one process");
    }
    try (OrtEnvironment.ThreadingOptions threading = new OrtEnvironment.ThreadingOptions()) {
      threading.setGlobalIntraOpNumThreads(intraOpThreads);
      threading.setGlobalInterOpNumThreads(1);
      threading.setGlobalSpinControl(false);
      OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
          OrtEnvironment.DEFAULT_NAME, threading);
      globalIntraOpThreads = intraOpThreads;
      return env;
    } catch (OrtException | IllegalStateException e) {
      throw new PlanException("cannot give ONNX Runtime a global thread pool: the environment already exists"
          + " without one (a model was loaded first). Call OrtEnv.useGlobalThreadPool(n) at program start,"
          + " before any model is loaded, or do not use sharedThreadPool(true): " + e.getMessage(), e);
    }
  }

  /** Threads of the global pool, or 0 when the environment has none. */
  public static synchronized int globalThreadPoolSize() {
    return globalIntraOpThreads;
  }
}
