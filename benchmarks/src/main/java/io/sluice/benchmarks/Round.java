package io.sluice.benchmarks;

/**
 * One A/B round.
 *
 * @param bareRowsPerSecond the bare ORT loop over pre-tokenized batches
 * @param inferenceRowsPerSecond the pipeline's inference operator: rows it embedded / its busy time
 * @param endToEndRowsPerSecond the whole pipeline: rows written / job wall time
 */
record Round(
    double bareRowsPerSecond, double inferenceRowsPerSecond, double endToEndRowsPerSecond) {

  double ratio() {
    return inferenceRowsPerSecond / bareRowsPerSecond;
  }
}
