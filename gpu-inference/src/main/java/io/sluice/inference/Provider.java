package io.sluice.inference;

/** The execution provider a spec asks for. */
public enum Provider {
  /** CUDA when the actor is given GPU ids by the executor, otherwise the CPU. */
  AUTO,
  /** Always the CPU, even on an actor that holds GPUs. */
  CPU,
  /** CUDA; fails fast when it cannot load, unless CPU fallback is allowed. */
  CUDA
}
