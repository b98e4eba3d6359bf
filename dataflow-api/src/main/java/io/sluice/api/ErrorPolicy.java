package io.sluice.api;

import java.io.Serializable;

/**
 * What a job does with rows and blocks that still fail after their retries.
 *
 * <ul>
 *   <li>{@link OnError#FAIL} (default): the job fails; the message names the operator and, for row
 *       functions, the row.
 *   <li>{@link OnError#SKIP}: the failing rows are isolated (the batch is split until single rows
 *       fail), skipped, and recorded in a dead-letter Parquet dataset with the original row, the
 *       operator, the error and the attempt count; a source split that cannot be read is skipped as
 *       a block. The job fails once more than {@code maxErroredRows} rows or {@code
 *       maxErroredBlocks} blocks were skipped, saying how many and where the dead letters are.
 * </ul>
 *
 * @param onError fail or skip
 * @param maxErroredRows rows that may be skipped before the job fails
 * @param maxErroredBlocks unreadable source blocks that may be skipped before the job fails
 * @param deadLetterPath where skipped rows go; null means beside the output ({@code
 *     <output>_dead_letter})
 */
public record ErrorPolicy(
    OnError onError, long maxErroredRows, long maxErroredBlocks, String deadLetterPath)
    implements Serializable {

  /** Fail or skip. */
  public enum OnError {
    FAIL,
    SKIP
  }

  public ErrorPolicy {
    if (maxErroredRows < 0 || maxErroredBlocks < 0) {
      throw new IllegalArgumentException("error budgets must be >= 0");
    }
  }

  public static ErrorPolicy fail() {
    return new ErrorPolicy(OnError.FAIL, 0, 0, null);
  }

  /** Skip and record failing rows, up to {@code maxRows} rows and {@code maxBlocks} blocks. */
  public static ErrorPolicy skip(long maxRows, long maxBlocks) {
    return new ErrorPolicy(OnError.SKIP, maxRows, maxBlocks, null);
  }

  public ErrorPolicy withDeadLetterPath(String path) {
    return new ErrorPolicy(onError, maxErroredRows, maxErroredBlocks, path);
  }
}
