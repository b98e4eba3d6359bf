package io.sluice.api.spi;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A write job that survives its process: it records, per read split, the task files holding that
 * split's rows once they are durably written, and a new run of the same job id recovers them.
 *
 * <p>Call-order rules: on the driver, {@link #recover} once right after {@code createJob} (before
 * any task opens); then tasks write as usual and the driver calls {@link #checkpoint} for each
 * split whose rows are all in committed task files; finally {@code commit} with the recovered
 * results plus the new ones (task indexes of a new run start after the recovered ones), or {@code
 * abort}, which keeps checkpoints so a later run can still resume.
 */
public interface ResumableWriteJob extends WriteJob {

  /**
   * Reads the checkpoints of earlier runs of this job. Checkpoints of splits not in {@code
   * currentSplits} (the input changed) and every file no kept checkpoint lists (attempts of
   * unfinished splits) are deleted.
   *
   * @return per completed split, the task results holding its rows
   */
  Map<String, List<WriteTaskResult>> recover(Set<String> currentSplits) throws IOException;

  /** Durably records that {@code split}'s rows are exactly in {@code results}' files (atomic). */
  void checkpoint(String split, List<WriteTaskResult> results) throws IOException;
}
