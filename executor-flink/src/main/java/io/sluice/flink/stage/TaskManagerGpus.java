package io.sluice.flink.stage;

import io.sluice.api.SluiceException;
import io.sluice.operators.core.GpuPool;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

/**
 * The GPUs of this TaskManager shared by its actor subtasks. Flink tells every subtask about all
 * the devices of its TaskManager ({@code getExternalResourceInfos("gpu")}), not which one its slot
 * holds, so subtasks of one JVM take devices from one {@link GpuPool} (the local backend's rule:
 * whole devices for whole requests, fractions packed onto shared devices). Thread-safe.
 */
public final class TaskManagerGpus {

  private static GpuPool pool;
  private static List<Integer> deviceIds = List.of();

  private TaskManagerGpus() {}

  /** Device ids (Flink's GPU {@code index} property) for one subtask asking for {@code gpus}. */
  public static synchronized int[] acquire(
      String operator, Set<ExternalResourceInfo> infos, double gpus) {
    if (gpus <= 0) {
      return new int[0];
    }
    List<Integer> ids = indices(infos);
    if (ids.isEmpty()) {
      throw new SluiceException(
          "operator '"
              + operator
              + "' asks for "
              + gpus
              + " GPU per actor, but its TaskManager"
              + " reports no GPU devices (start it with external-resources: gpu and a discovery script)");
    }
    if (pool == null || !ids.equals(deviceIds)) {
      pool = new GpuPool(ids.size());
      deviceIds = ids;
    }
    int[] slots = pool.acquire(gpus);
    if (slots == null) {
      throw new SluiceException(
          "operator '"
              + operator
              + "': no free GPU among devices "
              + ids
              + " of this TaskManager"
              + " for an actor asking for "
              + gpus);
    }
    int[] out = new int[slots.length];
    for (int i = 0; i < slots.length; i++) {
      out[i] = deviceIds.get(slots[i]);
    }
    return out;
  }

  /** Gives back what {@link #acquire} returned. */
  public static synchronized void release(int[] devices, double gpus) {
    if (pool == null || devices.length == 0) {
      return;
    }
    int[] slots = new int[devices.length];
    for (int i = 0; i < devices.length; i++) {
      slots[i] = deviceIds.indexOf(devices[i]);
    }
    pool.release(slots, gpus);
  }

  private static List<Integer> indices(Collection<ExternalResourceInfo> infos) {
    List<Integer> ids = new ArrayList<>();
    for (ExternalResourceInfo info : infos) {
      info.getProperty("index").ifPresent(v -> ids.add(Integer.parseInt(v.trim())));
    }
    ids.sort(null);
    return ids;
  }
}
