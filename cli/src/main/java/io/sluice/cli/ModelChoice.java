package io.sluice.cli;

import io.sluice.inference.MiniLm;
import io.sluice.inference.ModelSource;

/** The MiniLM variants the demo can run; both ship in Maven Central jars, nothing is downloaded. */
enum ModelChoice {
  fp32(MiniLm.FP32, "all-MiniLM-L6-v2 fp32"),
  int8(MiniLm.INT8, "all-MiniLM-L6-v2 int8");

  final ModelSource source;
  final String label;

  ModelChoice(ModelSource source, String label) {
    this.source = source;
    this.label = label;
  }
}
