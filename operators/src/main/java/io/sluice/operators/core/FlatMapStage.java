package io.sluice.operators.core;

import io.sluice.api.OperatorException;
import io.sluice.api.Row;
import io.sluice.api.row.RowConverter;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.RowFlatMapper;
import io.sluice.api.udf.UdfContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** {@code flatMap}: zero or more output rows per input row, through {@link RowOutputSchema}. */
final class FlatMapStage extends StageFactory {

  private static final long serialVersionUID = 1L;

  private final RowFlatMapper fn;
  private final RowOutputSchema output;

  FlatMapStage(String name, String label, RowFlatMapper fn, Schema declared) {
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
      List<Row> out = new ArrayList<>();
      for (int i = 0; i < input.getRowCount(); i++) {
        Row row = reader.row(i);
        try {
          Iterable<Row> produced = fn.apply(row);
          if (produced == null) {
            throw new OperatorException(label(), "flatMap function returned null for row " + i + " "
                + StageErrors.brief(row) + "; return an empty list for no rows", null);
          }
          for (Row r : produced) {
            if (r == null) {
              throw new OperatorException(label(), "flatMap function returned a null row for row " + i + " "
                  + StageErrors.brief(row), null);
            }
            out.add(r);
          }
        } catch (Exception | LinkageError | AssertionError e) {
          throw StageErrors.wrap(label(), "flatMap function failed on row " + i + " of the batch "
              + StageErrors.brief(row), e);
        }
      }
      return output.write(out, allocator);
    };
  }
}
