package io.sluice.operators.core;

import io.sluice.api.PlanException;
import java.util.ArrayList;
import java.util.List;

/**
 * GPU slots of a job as devices with a capacity of 1.0 each. Whole-GPU requests take whole free
 * devices; a fraction 1/k takes a share of one device, so k actors sit on it. Loop thread only.
 */
public final class GpuPool {

  private static final double EPS = 1e-9;
  private final double[] free;

  public GpuPool(int devices) {
    this.free = new double[devices];
    java.util.Arrays.fill(free, 1.0);
  }

  public int devices() {
    return free.length;
  }

  /** How many actors asking for {@code gpus} each could ever be placed on these devices. */
  public int capacityFor(double gpus) {
    if (gpus <= 0) {
      return Integer.MAX_VALUE;
    }
    if (gpus >= 1) {
      return (int) (free.length / Math.rint(gpus));
    }
    return (int) Math.round(free.length * Math.rint(1 / gpus));
  }

  /** Device ids for one actor, or null when none fit now. */
  public int[] acquire(double gpus) {
    if (gpus <= 0) {
      return new int[0];
    }
    List<Integer> ids = new ArrayList<>();
    if (gpus >= 1) {
      for (int d = 0; d < free.length && ids.size() < (int) Math.rint(gpus); d++) {
        if (free[d] >= 1 - EPS) {
          ids.add(d);
        }
      }
      if (ids.size() < (int) Math.rint(gpus)) {
        return null;
      }
      ids.forEach(d -> free[d] = 0);
    } else {
      // Fill partly used devices first, so fractions pack (four 0.25 actors on one device).
      int best = -1;
      for (int d = 0; d < free.length; d++) {
        if (free[d] >= gpus - EPS && (best < 0 || free[d] < free[best])) {
          best = d;
        }
      }
      if (best < 0) {
        return null;
      }
      free[best] -= gpus;
      ids.add(best);
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  public void release(int[] ids, double gpus) {
    for (int d : ids) {
      free[d] = Math.min(1.0, free[d] + (gpus >= 1 ? 1.0 : gpus));
    }
  }

  /** Checks an actor pool's request against the job's devices before anything runs. */
  public static void validate(String operator, double gpus, int minActors, int gpuSlots) {
    if (gpus <= 0) {
      return;
    }
    double needed = gpus * minActors;
    if (needed > gpuSlots + EPS) {
      throw new PlanException("operator '" + operator + "' needs " + minActors + " actors x " + gpus
          + " GPU = " + needed + " GPUs, but the job has gpuSlots=" + gpuSlots
          + " (set ExecutionOptions.gpuSlots, or lower the actor count or GPU fraction)");
    }
  }
}
