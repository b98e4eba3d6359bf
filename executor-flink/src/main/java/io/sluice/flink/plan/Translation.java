package io.sluice.flink.plan;

import io.sluice.api.ErrorPolicy;
import java.util.OptionalInt;
import org.apache.flink.api.common.operators.SlotSharingGroup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What translators of one job share: the environment the job is built in and its settings.
 *
 * @param env where transformations are added
 * @param parallelism subtasks of every CPU stage (sources: at most one per read task)
 * @param targetBlockBytes the batch size readers aim for
 * @param gpusPerTaskManager GPUs each TaskManager of the cluster has, when known (embedded
 *     clusters)
 * @param actorHeapMb task heap an actor's slot asks for when it asks for GPUs
 * @param maxTaskRetries further attempts a failed read task gets, as on the local backend
 * @param retryBackoffMillis the wait before a task's first retry
 * @param errorPolicy what stages do with failing rows (skip: isolate them into dead letters)
 */
public record Translation(
    StreamExecutionEnvironment env,
    int parallelism,
    long targetBlockBytes,
    OptionalInt gpusPerTaskManager,
    int actorHeapMb,
    int maxTaskRetries,
    long retryBackoffMillis,
    ErrorPolicy errorPolicy) {

  /**
   * The slot-sharing group of sources, CPU stages, CPU actor pools and sinks (GPU pools have their
   * own).
   */
  public static final String CPU_GROUP = "cpu";

  /**
   * The CPU group's slot: one core, some heap, and 1 MiB of managed memory. Every slot a job asks
   * for has an explicit profile (no "any slot" requests), and the managed memory is what keeps CPU
   * stages off GPU TaskManagers that are configured without managed memory (as {@code
   * StandaloneCluster}'s are): otherwise Flink may fill a GPU node with CPU slots first and starve
   * the actor pool.
   */
  public static SlotSharingGroup cpuGroup() {
    return SlotSharingGroup.newBuilder(CPU_GROUP)
        .setCpuCores(1.0)
        .setTaskHeapMemoryMB(96)
        .setManagedMemoryMB(1)
        .build();
  }
}
