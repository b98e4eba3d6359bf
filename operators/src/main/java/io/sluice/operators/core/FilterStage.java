package io.sluice.operators.core;

import io.sluice.api.Row;
import io.sluice.api.row.RowConverter;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.RowFilter;
import io.sluice.api.udf.UdfContext;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code filter}: the predicate sees each row as a {@link Row}; the kept rows are then copied
 * column by column ({@link RowSelection}), never rebuilt from Java values. All kept: the input is
 * returned.
 */
final class FilterStage extends StageFactory {

  private static final long serialVersionUID = 1L;

  private final RowFilter predicate;

  FilterStage(String name, String label, RowFilter predicate) {
    super(name, label);
    this.predicate = predicate;
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    return Optional.of(input);
  }

  @Override
  public BatchUdf create(UdfContext context) {
    return (input, allocator) -> {
      int n = input.getRowCount();
      boolean[] keep = new boolean[n];
      RowConverter.Reader reader = RowConverter.reader(input);
      for (int i = 0; i < n; i++) {
        Row row = reader.row(i);
        try {
          keep[i] = predicate.test(row);
        } catch (Exception | LinkageError | AssertionError e) {
          throw StageErrors.wrap(
              label(),
              "filter predicate failed on row " + i + " of the batch " + StageErrors.brief(row),
              e);
        }
      }
      return RowSelection.select(input, keep, allocator);
    };
  }
}
