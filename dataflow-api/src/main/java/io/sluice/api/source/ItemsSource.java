package io.sluice.api.source;

import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** In-memory items as rows. PLACEHOLDER: being implemented (helper H3). */
public final class ItemsSource implements Datasource {

  public ItemsSource(List<?> items, int defaultParallelism) {}

  @Override
  public String name() {
    return "FromItems";
  }

  @Override
  public Schema schema() {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<ReadTask> planReadTasks(int parallelismHint) {
    throw new UnsupportedOperationException();
  }
}
