package io.sluice.flink.source;

import io.sluice.api.spi.ReadTask;
import java.io.Serializable;
import org.apache.flink.api.connector.source.SourceSplit;

/** One connector {@link ReadTask} as a Flink source split; {@code index} is its place in the plan. */
public record ReadTaskSplit(int index, ReadTask task) implements SourceSplit, Serializable {

  @Override
  public String splitId() {
    return Integer.toString(index);
  }
}
