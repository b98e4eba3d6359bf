package io.sluice.inference;

import java.io.Serializable;

/**
 * The ONNX Runtime CPU session options worth exposing when choosing a CPU layout (see {@link
 * CpuLayout}). Part of the session cache key: sessions built with different tuning are never
 * shared.
 *
 * @param memoryArena ORT's CPU arena allocator ({@code setCPUArenaAllocator}). On (ORT's default)
 *     it keeps freed blocks for reuse, which is fastest for steady shapes; off returns memory at
 *     once, which keeps the resident set small when many actors or very different batch shapes come
 *     and go
 * @param spinning whether idle intra-op threads spin ({@code session.intra_op.allow_spinning}). On
 *     (ORT's default) cuts wake-up latency when the session owns its cores; turn it off when
 *     several actors, tokenizer tasks or the overlap helper share the cores, or spinning threads
 *     steal them
 * @param sharedThreadPool {@code disablePerSessionThreads}: the session runs on the environment's
 *     global intra-op pool (see {@link OrtEnv#useGlobalThreadPool}) instead of its own, so N actors
 *     on N cores share N threads instead of oversubscribing N x N
 */
public record SessionTuning(boolean memoryArena, boolean spinning, boolean sharedThreadPool)
    implements Serializable {

  /** ORT's defaults: arena on, spinning on, one thread pool per session. */
  public static SessionTuning defaults() {
    return new SessionTuning(true, true, false);
  }

  public SessionTuning withMemoryArena(boolean on) {
    return new SessionTuning(on, spinning, sharedThreadPool);
  }

  public SessionTuning withSpinning(boolean on) {
    return new SessionTuning(memoryArena, on, sharedThreadPool);
  }

  public SessionTuning withSharedThreadPool(boolean on) {
    return new SessionTuning(memoryArena, spinning, on);
  }

  @Override
  public String toString() {
    return "arena="
        + memoryArena
        + ", spin="
        + spinning
        + (sharedThreadPool ? ", shared pool" : "");
  }
}
