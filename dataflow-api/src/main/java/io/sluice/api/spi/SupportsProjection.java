package io.sluice.api.spi;

import java.util.List;

/** A source that can decode only some columns (projection pushdown). */
public interface SupportsProjection extends Datasource {

  /**
   * The same source producing only {@code columns}, in that order. Throws {@link
   * io.sluice.api.PlanException} naming the column (and the file) when one does not exist.
   */
  Datasource withColumns(List<String> columns);
}
