package io.sluice.flink.sink;

import io.sluice.api.spi.WriteTaskResult;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The sink's committable: what one writer subtask wrote between two checkpoints ({@code result},
 * null when no rows reached it). The subtask's final segment, taken at its end of input, is marked
 * {@code last} and carries the subtask's whole ledger ({@code all}: every segment of the run that
 * reached the end, restored ones included), which its commit records for the driver's job commit.
 *
 * @param subtask the writer subtask
 * @param result the segment's attempt files, or null
 * @param last whether the subtask's input ended with this segment
 * @param all with {@code last}: every segment result of the subtask, in order; else empty
 */
public record Segment(
    int subtask, WriteTaskResult result, boolean last, ArrayList<WriteTaskResult> all)
    implements Serializable {

  static Segment of(int subtask, WriteTaskResult result) {
    return new Segment(subtask, result, false, new ArrayList<>());
  }

  static Segment last(int subtask, WriteTaskResult result, List<WriteTaskResult> all) {
    return new Segment(subtask, result, true, new ArrayList<>(all));
  }
}
