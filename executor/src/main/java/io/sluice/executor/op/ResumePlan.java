package io.sluice.executor.op;

import io.sluice.api.spi.ResumableWriteJob;
import io.sluice.api.spi.WriteTaskResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a resumable job takes over from its earlier runs, decided before it starts: which read
 * splits earlier runs finished (sources skip them) and the task files holding their rows (they join
 * this run's commit). Making it discards every attempt file no kept checkpoint lists (attempts of
 * unfinished splits, splits the input no longer has). Immutable.
 *
 * @param enabled whether the job checkpoints its splits at all (blocks then carry split keys and no
 *     block, batch or file mixes two splits)
 * @param completed split keys finished by earlier runs
 * @param recovered their task results, by task index
 */
public record ResumePlan(boolean enabled, Set<String> completed, List<WriteTaskResult> recovered) {

  /** A job that does not resume. */
  public static final ResumePlan NONE = new ResumePlan(false, Set.of(), List.of());

  public ResumePlan {
    completed = Set.copyOf(completed);
    recovered = List.copyOf(recovered);
  }

  /** Reads what earlier runs of {@code job} checkpointed, for a run reading {@code splits}. */
  public static ResumePlan recover(ResumableWriteJob job, List<String> splits) throws IOException {
    Map<String, List<WriteTaskResult>> done = job.recover(new LinkedHashSet<>(splits));
    List<WriteTaskResult> results = new ArrayList<>();
    done.values().forEach(results::addAll);
    results.sort(Comparator.comparingInt(WriteTaskResult::taskIndex));
    return new ResumePlan(true, done.keySet(), results);
  }

  /** Whether an earlier run finished {@code split}. */
  public boolean skips(String split) {
    return completed.contains(split);
  }

  /** The first task index this run may use: after every recovered one. */
  public int firstTaskIndex() {
    return recovered.stream().mapToInt(WriteTaskResult::taskIndex).max().orElse(-1) + 1;
  }
}
