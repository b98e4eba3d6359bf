package io.sluice.inference;

import java.util.Objects;

/**
 * What makes two sessions interchangeable: the model's content identity, the device asked for, and
 * every option that changes how the session is built.
 *
 * @param model {@link ModelSource#identity()} (path/URL + size + mtime)
 * @param source where to load it from (not part of equality beyond what {@code model} says)
 * @param device the device asked for (a CUDA key keeps its device even if it fell back to CPU)
 * @param allowCpuFallback whether a CUDA failure may fall back to the CPU
 * @param intraOpThreads ORT intra-op threads
 * @param optLevel graph optimisation level
 * @param tuning arena, spinning and thread-pool options
 * @param replica which copy: CPU actors each get their own session (replica = actor index) so each
 *     has its own intra-op thread pool; actors on one CUDA device share replica 0
 */
record SessionKey(
    String model,
    ModelSource source,
    Device device,
    boolean allowCpuFallback,
    int intraOpThreads,
    OptLevel optLevel,
    SessionTuning tuning,
    int replica) {

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionKey k
        && k.model.equals(model)
        && k.device.equals(device)
        && k.allowCpuFallback == allowCpuFallback
        && k.intraOpThreads == intraOpThreads
        && k.optLevel == optLevel
        && k.tuning.equals(tuning)
        && k.replica == replica;
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, device, allowCpuFallback, intraOpThreads, optLevel, tuning, replica);
  }

  @Override
  public String toString() {
    return source.shortName()
        + "@"
        + device
        + "[threads="
        + intraOpThreads
        + ", opt="
        + optLevel
        + ", "
        + tuning
        + ", replica="
        + replica
        + "]";
  }
}
