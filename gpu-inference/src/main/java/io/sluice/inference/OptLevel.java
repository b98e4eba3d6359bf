package io.sluice.inference;

import ai.onnxruntime.OrtSession.SessionOptions;

/**
 * ONNX Runtime graph optimisation level (mirrors {@link SessionOptions.OptLevel}, but serializable
 * and ours).
 */
public enum OptLevel {
  NONE(SessionOptions.OptLevel.NO_OPT),
  BASIC(SessionOptions.OptLevel.BASIC_OPT),
  EXTENDED(SessionOptions.OptLevel.EXTENDED_OPT),
  ALL(SessionOptions.OptLevel.ALL_OPT);

  private final SessionOptions.OptLevel ort;

  OptLevel(SessionOptions.OptLevel ort) {
    this.ort = ort;
  }

  SessionOptions.OptLevel ort() {
    return ort;
  }
}
