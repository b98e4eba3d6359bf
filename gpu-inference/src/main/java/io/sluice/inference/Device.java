package io.sluice.inference;

import java.io.Serializable;

/**
 * Where a session runs: the CPU, or one CUDA device by id.
 *
 * @param cudaId the CUDA device id, or -1 for the CPU
 */
public record Device(int cudaId) implements Serializable {

  public static final Device CPU = new Device(-1);

  public static Device cuda(int id) {
    if (id < 0) {
      throw new IllegalArgumentException("CUDA device id must be >= 0, got " + id);
    }
    return new Device(id);
  }

  public boolean isCuda() {
    return cudaId >= 0;
  }

  @Override
  public String toString() {
    return isCuda() ? "cuda:" + cudaId : "cpu";
  }
}
