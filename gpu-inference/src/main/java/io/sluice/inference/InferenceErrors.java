package io.sluice.inference;

import ai.onnxruntime.OrtException;
import io.sluice.api.SluiceException;
import java.util.Locale;

/** Turns run-time failures into messages that name the model and say what to change. */
final class InferenceErrors {

  private InferenceErrors() {}

  /** Whether {@code t} (or a cause) is a failed memory allocation, in the JVM or inside ORT. */
  static boolean isAllocationFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof OutOfMemoryError) {
        return true;
      }
      if (c instanceof OrtException) {
        String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("failed to allocate")
            || m.contains("bad_alloc")
            || m.contains("bad allocation")
            || m.contains("out of memory")
            || m.contains("cudaerrormemoryallocation")) {
          return true;
        }
      }
    }
    return false;
  }

  static SluiceException batchTooLarge(
      String model, Device device, int rows, int length, long bytes, String why, Throwable cause) {
    return batchTooLarge(model, device, rows, length, bytes, why, false, cause);
  }

  /**
   * @param modelBatches whether the spec cuts windows into model batches (then that is the knob)
   */
  static SluiceException batchTooLarge(
      String model,
      Device device,
      int rows,
      int length,
      long bytes,
      String why,
      boolean modelBatches,
      Throwable cause) {
    int smaller = Math.max(1, rows / 2);
    String knob =
        modelBatches
            ? "the spec's modelBatchSize("
                + smaller
                + ") or maxTokensPerBatch("
                + (long) smaller * length
                + ")"
            : "Compute.actors(...).batchSize(" + smaller + ")";
    return new SluiceException(
        "model "
            + model
            + " on "
            + device
            + ": a batch of "
            + rows
            + " rows x "
            + length
            + " tokens needs about "
            + (bytes >> 20)
            + " MiB of tensor memory, "
            + why
            + ". Use a smaller batch size,"
            + " e.g. "
            + knob
            + ", or a shorter tokenizer maxLength",
        cause);
  }

  static SluiceException runFailed(
      String model, Device device, int rows, int length, Throwable cause) {
    return new SluiceException(
        "model "
            + model
            + " on "
            + device
            + " failed on a batch of "
            + rows
            + " rows x "
            + length
            + " tokens: "
            + cause.getMessage(),
        cause);
  }
}
