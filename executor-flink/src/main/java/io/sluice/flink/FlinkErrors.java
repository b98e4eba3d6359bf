package io.sluice.flink;

import io.sluice.api.SluiceException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.flink.util.SerializedThrowable;

/**
 * Finds the Sluice error inside Flink's failure chain (JobExecutionException, JobException
 * "Recovery is suppressed...", serialized task failures), so the driver sees the message the local
 * backend gives instead of a Flink stack trace wall.
 */
final class FlinkErrors {

  private FlinkErrors() {}

  /**
   * The first {@link SluiceException} in the chain, or a SluiceException describing the root cause.
   */
  static SluiceException unwrap(String job, Throwable failure, ClassLoader loader) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    Throwable root = failure;
    for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
      if (t instanceof SerializedThrowable st) {
        Throwable real = st.deserializeError(loader);
        if (real != st) {
          t = real;
        }
      }
      if (t instanceof SluiceException se) {
        return se;
      }
      root = t;
    }
    String msg = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    return new SluiceException("Flink job " + job + " failed: " + msg, failure);
  }
}
