package io.sluice.operators.core;

import io.sluice.api.OperatorException;
import io.sluice.api.Row;
import io.sluice.api.row.RowConverter;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.RowMapper;
import io.sluice.api.udf.UdfContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** {@code map}: one output row per input row, through {@link RowOutputSchema}. */
final class MapRowsStage extends StageFactory {

  private static final long serialVersionUID = 1L;

  private final RowMapper fn;
  private final RowOutputSchema output;

  MapRowsStage(String name, String label, RowMapper fn, Schema declared) {
    super(name, label);
    this.fn = fn;
    this.output = new RowOutputSchema(label(), declared);
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    return Optional.ofNullable(output.declared());
  }

  @Override
  public BatchUdf create(UdfContext context) {
    return (input, allocator) -> {
      RowConverter.Reader reader = RowConverter.reader(input);
      int n = input.getRowCount();
      List<Row> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Row row = reader.row(i);
        Row mapped;
        try {
          mapped = fn.apply(row);
        } catch (Exception | LinkageError | AssertionError e) {
          throw StageErrors.wrap(label(), "map function failed on row " + i + " of the batch "
              + StageErrors.brief(row), e);
        }
        if (mapped == null) {
          throw new OperatorException(label(), "map function returned null for row " + i + " "
              + StageErrors.brief(row) + "; use filter to drop rows", null);
        }
        out.add(mapped);
      }
      return output.write(out, allocator);
    };
  }
}
