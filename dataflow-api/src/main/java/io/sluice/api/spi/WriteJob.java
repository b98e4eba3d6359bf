package io.sluice.api.spi;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One job's write. {@link #openTask} may be called from several threads at once; {@link #commit}
 * and {@link #abort} are called once, on the driver, after every task has finished.
 */
public interface WriteJob {

  /**
   * A writer for one task attempt. Files are named by task and attempt, so no two writers collide,
   * and a retried task never duplicates output.
   */
  TaskWriter openTask(int taskIndex, int attempt) throws IOException;

  /**
   * Publishes the output of exactly the given task results atomically, then marks the job complete
   * (a {@code _SUCCESS} marker). Output of other attempts is discarded.
   */
  WriteResult commit(List<WriteTaskResult> results) throws IOException;

  /** Discards everything this job wrote. Safe to call after a partial failure; never throws. */
  void abort();

  /**
   * A handle that reopens this job in another process (cluster workers), or empty when the job can
   * only be written from this JVM (then cluster backends reject the sink at plan time).
   */
  default Optional<WriteJobHandle> handle() {
    return Optional.empty();
  }
}
