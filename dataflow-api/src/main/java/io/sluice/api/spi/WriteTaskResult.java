package io.sluice.api.spi;

import java.io.Serializable;
import java.util.List;

/**
 * What one successful task attempt wrote.
 *
 * @param taskIndex the task
 * @param attempt the attempt whose files these are
 * @param files attempt files, as the sink's own paths
 * @param rows rows written
 * @param bytes bytes written to storage
 */
public record WriteTaskResult(int taskIndex, int attempt, List<String> files, long rows, long bytes)
    implements Serializable {

  public WriteTaskResult {
    files = List.copyOf(files);
  }
}
