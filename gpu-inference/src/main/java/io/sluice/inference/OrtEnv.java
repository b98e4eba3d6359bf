package io.sluice.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import io.sluice.api.PlanException;
import java.util.concurrent.Callable;

/**
 * The process-wide {@link OrtEnvironment}. ORT creates it once per process, and global thread pools
 * (needed by {@link SessionTuning#sharedThreadPool()}) can only be attached at creation; so a
 * program that wants them calls {@link #useGlobalThreadPool} before loading any model. Thread-safe.
 */
public final class OrtEnv {

  /**
   * Stack of the thread that creates the environment. ORT recurses very deeply while it creates it
   * (about 48,000 native frames on a 2-vCPU VM: more than the launcher's 4 MiB, so the JVM's main
   * thread died with a bare SIGSEGV and no hs_err file); stack is reserved, not committed.
   */
  static final long CREATE_STACK = 64L << 20;

  private static int globalIntraOpThreads;
  private static volatile OrtEnvironment created;

  private OrtEnv() {}

  /**
   * The environment (created plain on first use if {@link #useGlobalThreadPool} was not called).
   */
  public static OrtEnvironment get() {
    OrtEnvironment env = created;
    if (env == null) {
      env = onBigStack(OrtEnvironment::getEnvironment);
      created = env;
    }
    return env;
  }

  /**
   * Runs {@code create} on a thread with {@link #CREATE_STACK} of stack, whatever the caller's is.
   */
  private static OrtEnvironment onBigStack(Callable<OrtEnvironment> create) {
    OrtEnvironment[] result = new OrtEnvironment[1];
    Throwable[] failure = new Throwable[1];
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                result[0] = create.call();
              } catch (Throwable e) {
                failure[0] = e;
              }
            },
            "sluice-ort-create",
            CREATE_STACK);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while ONNX Runtime started", e);
    }
    if (failure[0] instanceof RuntimeException r) {
      throw r;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
    if (failure[0] != null) {
      throw new IllegalStateException("cannot start ONNX Runtime: " + failure[0], failure[0]);
    }
    return result[0];
  }

  /**
   * Creates the environment with a global intra-op pool of {@code intraOpThreads} threads (inter-op
   * 1, no spinning, so idle pool threads do not steal cores from other stages). Idempotent for the
   * same size; fails if the environment already exists without a pool or with another size.
   */
  public static synchronized OrtEnvironment useGlobalThreadPool(int intraOpThreads) {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException(
          "global intra-op threads must be >= 1, got " + intraOpThreads);
    }
    if (globalIntraOpThreads == intraOpThreads) {
      return get();
    }
    if (globalIntraOpThreads > 0) {
      throw new PlanException(
          "the ONNX Runtime global thread pool already has "
              + globalIntraOpThreads
              + " threads; it cannot be resized to "
              + intraOpThreads
              + " within one process");
    }
    try (OrtEnvironment.ThreadingOptions threading = new OrtEnvironment.ThreadingOptions()) {
      threading.setGlobalIntraOpNumThreads(intraOpThreads);
      threading.setGlobalInterOpNumThreads(1);
      threading.setGlobalSpinControl(false);
      OrtEnvironment env =
          onBigStack(
              () ->
                  OrtEnvironment.getEnvironment(
                      OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                      OrtEnvironment.DEFAULT_NAME,
                      threading));
      globalIntraOpThreads = intraOpThreads;
      created = env;
      return env;
    } catch (OrtException | IllegalStateException e) {
      throw new PlanException(
          "cannot give ONNX Runtime a global thread pool: the environment already exists"
              + " without one (a model was loaded first). Call OrtEnv.useGlobalThreadPool(n) at program start,"
              + " before any model is loaded, or do not use sharedThreadPool(true): "
              + e.getMessage(),
          e);
    }
  }

  /** Threads of the global pool, or 0 when the environment has none. */
  public static synchronized int globalThreadPoolSize() {
    return globalIntraOpThreads;
  }
}
