package io.sluice.operators.core;

import io.sluice.api.PlanException;
import java.util.Arrays;

/**
 * GPU devices with a capacity of one each, counted in exact integer units ({@link #UNITS} per
 * device), so a thousand acquire/release cycles of 0.1 GPU leave every device exactly full: no
 * float drift. Whole-GPU requests take whole free devices; a fraction takes a share of one device,
 * packing partly used devices first (four 0.25 actors on one device). Thread-safe: the local
 * backend shares one pool between every job it runs.
 */
public final class GpuPool {

  /**
   * Units per device: 720720 = lcm(1..16), so 1/k for every k up to 16 and every decimal fraction
   * with two significant digits of tenths (0.1, 0.25, 0.3 ...) are whole numbers of units.
   */
  public static final long UNITS = 720_720L;

  private final long[] free;

  public GpuPool(int devices) {
    this.free = new long[devices];
    Arrays.fill(free, UNITS);
  }

  public int devices() {
    return free.length;
  }

  /**
   * A request in units: whole GPUs as whole devices, a fraction rounded to the nearest unit (at
   * least 1).
   */
  public static long units(double gpus) {
    if (gpus <= 0) {
      return 0;
    }
    if (gpus >= 1) {
      return Math.round(gpus) * UNITS;
    }
    return Math.max(1, Math.round(gpus * UNITS));
  }

  /** How many actors asking for {@code gpus} each could ever be placed on these devices. */
  public int capacityFor(double gpus) {
    long u = units(gpus);
    if (u == 0) {
      return Integer.MAX_VALUE;
    }
    if (u >= UNITS) {
      return (int) (free.length / (u / UNITS));
    }
    return (int) Math.min(Integer.MAX_VALUE, free.length * (UNITS / u));
  }

  /** Device ids for one actor, or null when none fit now. */
  public synchronized int[] acquire(double gpus) {
    long u = units(gpus);
    if (u == 0) {
      return new int[0];
    }
    if (u >= UNITS) {
      int want = (int) (u / UNITS);
      int[] ids = new int[want];
      int n = 0;
      for (int d = 0; d < free.length && n < want; d++) {
        if (free[d] == UNITS) {
          ids[n++] = d;
        }
      }
      if (n < want) {
        return null;
      }
      for (int d : ids) {
        free[d] = 0;
      }
      return ids;
    }
    // Fill partly used devices first, so fractions pack.
    int best = -1;
    for (int d = 0; d < free.length; d++) {
      if (free[d] >= u && (best < 0 || free[d] < free[best])) {
        best = d;
      }
    }
    if (best < 0) {
      return null;
    }
    free[best] -= u;
    return new int[] {best};
  }

  /** Gives back what {@link #acquire} returned for the same {@code gpus}. */
  public synchronized void release(int[] ids, double gpus) {
    long u = units(gpus);
    long each = u >= UNITS ? UNITS : u;
    for (int d : ids) {
      if (free[d] + each > UNITS) {
        throw new IllegalStateException(
            "GPU " + d + " released more than was acquired (" + gpus + " GPU)");
      }
      free[d] += each;
    }
  }

  /** GPUs in use now, summed over devices (exact to one unit). */
  public synchronized double inUse() {
    long used = 0;
    for (long f : free) {
      used += UNITS - f;
    }
    return (double) used / UNITS;
  }

  /** Units free on device {@code d} now ({@link #UNITS} when idle). */
  public synchronized long freeUnits(int d) {
    return free[d];
  }

  /** Checks an actor pool's request against the devices before anything runs. */
  public static void validate(String operator, double gpus, int minActors, int gpuSlots) {
    if (gpus <= 0) {
      return;
    }
    long needed = units(gpus) * minActors;
    if (needed > gpuSlots * UNITS) {
      throw new PlanException(
          "operator '"
              + operator
              + "' needs "
              + minActors
              + " actors x "
              + gpus
              + " GPU = "
              + gpus * minActors
              + " GPUs, but the job has gpuSlots="
              + gpuSlots
              + " (set ExecutionOptions.gpuSlots, or lower the actor count or GPU fraction)");
    }
  }
}
