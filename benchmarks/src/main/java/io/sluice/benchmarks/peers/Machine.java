package io.sluice.benchmarks.peers;

import ai.onnxruntime.OrtEnvironment;
import io.sluice.benchmarks.MachineInfo;

/** {@link MachineInfo}'s line plus the parent JVM's heap, which the peer children share as -Xmx. */
final class Machine {

  private Machine() {}

  static String describe() {
    return MachineInfo.cpuModel()
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " cores, "
        + (Runtime.getRuntime().maxMemory() >> 30)
        + " GiB parent heap max, Java "
        + Runtime.version()
        + ", ONNX Runtime "
        + OrtEnvironment.getEnvironment().getVersion()
        + ", load average "
        + MachineInfo.loadAverage();
  }
}
