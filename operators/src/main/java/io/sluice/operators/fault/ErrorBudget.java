package io.sluice.operators.fault;

import io.sluice.api.ErrorPolicy;
import io.sluice.api.SluiceException;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts what a job skipped under {@link ErrorPolicy.OnError#SKIP} and fails it once the budget is
 * exceeded. Keeps the dead letters for the job to write at its end. Thread-safe.
 */
public final class ErrorBudget {

  private final ErrorPolicy policy;
  private final String deadLetterPath;
  private final List<DeadLetter> letters = new ArrayList<>();
  private long rows;
  private long blocks;

  /**
   * @param deadLetterPath where dead letters go, or null when the job has nowhere to put them
   */
  public ErrorBudget(ErrorPolicy policy, String deadLetterPath) {
    this.policy = policy;
    this.deadLetterPath = deadLetterPath;
  }

  public boolean skipping() {
    return policy.onError() == ErrorPolicy.OnError.SKIP;
  }

  public String deadLetterPath() {
    return deadLetterPath;
  }

  /** Records skipped rows; throws when the row budget is exceeded. */
  public synchronized void skipRows(List<DeadLetter> failed) {
    letters.addAll(failed);
    rows += failed.size();
    check();
  }

  /**
   * Records a skipped block (a split that could not be read); throws when the budget is exceeded.
   */
  public synchronized void skipBlock(DeadLetter failed) {
    letters.add(failed);
    blocks++;
    check();
  }

  private void check() {
    if (rows > policy.maxErroredRows() || blocks > policy.maxErroredBlocks()) {
      DeadLetter last = letters.get(letters.size() - 1);
      throw new SluiceException(
          rows
              + " rows and "
              + blocks
              + " blocks failed, over the error budget (maxErroredRows="
              + policy.maxErroredRows()
              + ", maxErroredBlocks="
              + policy.maxErroredBlocks()
              + "); "
              + where()
              + "; last error in '"
              + last.operator()
              + "' at "
              + last.source()
              + ": "
              + last.errorMessage());
    }
  }

  /** Where to look for the failures, for messages. */
  public String where() {
    return deadLetterPath != null
        ? "the failing rows are recorded in the dead-letter dataset at " + deadLetterPath
        : "no dead-letter path was set (ErrorPolicy.withDeadLetterPath), so failures were only counted";
  }

  public synchronized long skippedRows() {
    return rows;
  }

  public synchronized long skippedBlocks() {
    return blocks;
  }

  public synchronized List<DeadLetter> letters() {
    return List.copyOf(letters);
  }
}
