package io.sluice.flink.source;

import io.sluice.api.spi.ReadTask;
import java.io.Serializable;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One connector {@link ReadTask} as a Flink source split; {@code index} is its place in the plan.
 * {@code emittedRows} is how many of its rows a reader had already emitted when the split was
 * checkpointed: a reader restored from that checkpoint re-opens the task and skips them (read tasks
 * are repeatable), so a restart neither loses nor repeats rows.
 */
public record ReadTaskSplit(int index, ReadTask task, long emittedRows)
    implements SourceSplit, Serializable {

  public ReadTaskSplit(int index, ReadTask task) {
    this(index, task, 0);
  }

  @Override
  public String splitId() {
    return Integer.toString(index);
  }
}
