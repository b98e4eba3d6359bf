package io.sluice.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sluice.api.PlanException;
import io.sluice.api.SluiceException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one {@link OrtSession} for a {@link SessionKey}: options, provider (CUDA with an optional
 * CPU fallback), and model bytes or path. Every failure names the model and the device.
 */
final class SessionFactory {

  private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);
  private static final Set<String> FALLBACK_LOGGED = ConcurrentHashMap.newKeySet();

  private SessionFactory() {}

  /** A built session and the device it actually runs on (CPU after a fallback). */
  record Built(OrtSession session, Device actual) {}

  static Built build(SessionKey key) {
    OrtEnvironment env = OrtEnv.get();
    try (OrtSession.SessionOptions options = options(key)) {
      Device actual = key.device();
      if (actual.isCuda()) {
        try {
          options.addCUDA(actual.cudaId());
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
          if (!key.allowCpuFallback()) {
            throw cudaUnavailable(key, e);
          }
          if (FALLBACK_LOGGED.add(key.model() + "@" + actual)) {
            LOG.warn(
                "model {} asked for CUDA device {}, but CUDA cannot load ({}); falling back to CPU "
                    + "as allowCpuFallback permits",
                key.source().shortName(),
                actual.cudaId(),
                e.getMessage());
          }
          actual = Device.CPU;
        }
      }
      return new Built(create(env, key, options), actual);
    } catch (OrtException e) {
      throw new PlanException(
          "cannot set up an ONNX Runtime session for model "
              + key.source()
              + " on "
              + key.device()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  static SluiceException cudaUnavailable(SessionKey key, Throwable cause) {
    return new SluiceException(
        "model "
            + key.source()
            + " asked for CUDA device "
            + key.device().cudaId()
            + ", but the CUDA execution provider cannot load ("
            + cause.getMessage()
            + "). Run on a machine with an"
            + " NVIDIA GPU, CUDA 12 and cuDNN 9, built with -Pcuda (onnxruntime_gpu); or allow CPU fallback with"
            + " .allowCpuFallback(true); or choose .cpu().",
        cause);
  }

  private static OrtSession.SessionOptions options(SessionKey key) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      SessionTuning tuning = key.tuning();
      if (tuning.sharedThreadPool()) {
        if (OrtEnv.globalThreadPoolSize() == 0) {
          throw new PlanException(
              "model "
                  + key.source()
                  + ": sharedThreadPool(true) needs ONNX Runtime's global"
                  + " thread pool; call OrtEnv.useGlobalThreadPool(cores) at program start, before any model is loaded");
        }
        options.disablePerSessionThreads();
      } else {
        options.setIntraOpNumThreads(key.intraOpThreads());
        options.setInterOpNumThreads(1);
      }
      options.setCPUArenaAllocator(tuning.memoryArena());
      options.addConfigEntry("session.intra_op.allow_spinning", tuning.spinning() ? "1" : "0");
      options.setOptimizationLevel(key.optLevel().ort());
      options.setLoggerId("sluice:" + key.source().shortName());
      return options;
    } catch (OrtException e) {
      options.close();
      throw e;
    }
  }

  private static OrtSession create(
      OrtEnvironment env, SessionKey key, OrtSession.SessionOptions options) {
    try {
      if (key.source().kind() == ModelSource.Kind.FILE) {
        return env.createSession(key.source().location(), options);
      }
      return env.createSession(ModelBytes.of(key.source(), key.model()), options);
    } catch (OrtException e) {
      throw new PlanException(
          "model "
              + key.source()
              + " is not a loadable ONNX model ("
              + e.getCode()
              + "): "
              + e.getMessage(),
          e);
    }
  }
}
