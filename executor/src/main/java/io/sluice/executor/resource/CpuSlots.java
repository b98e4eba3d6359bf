package io.sluice.executor.resource;

/**
 * A backend's logical CPU slots in exact integer units ({@link #UNITS} per slot, so 0.25 + 0.25 +
 * 0.5 is exactly one slot). A task fits when the free units cover it; a task larger than every slot
 * fits only while nothing else holds any, so it can still run, alone. Thread-safe.
 */
public final class CpuSlots {

  /** Units per slot (lcm(1..16), as for GPUs). */
  public static final long UNITS = 720_720L;

  private final long total;
  private long used;

  public CpuSlots(int slots) {
    this.total = Math.max(0, slots) * UNITS;
  }

  /** A request in units (at least 1 for any positive request). */
  public static long units(double cpus) {
    return cpus <= 0 ? 0 : Math.max(1, Math.round(cpus * UNITS));
  }

  /** Whether {@code units} would fit now (a query; {@link #tryAcquire} decides). */
  public synchronized boolean fits(long units) {
    return used + units <= total || used == 0;
  }

  /** Takes {@code units} if they fit now. */
  public synchronized boolean tryAcquire(long units) {
    if (units == 0) {
      return true;
    }
    if (used + units <= total || used == 0) {
      used += units;
      return true;
    }
    return false;
  }

  public synchronized void release(long units) {
    if (units > used) {
      throw new IllegalStateException(
          "CPU slots released more than was acquired: " + units + " of " + used);
    }
    used -= units;
  }

  /** Slots in use now. */
  public synchronized double inUse() {
    return (double) used / UNITS;
  }

  /** Slots free now (negative while a task larger than every slot runs alone). */
  public synchronized double free() {
    return (double) (total - used) / UNITS;
  }

  public double total() {
    return (double) total / UNITS;
  }
}
