package io.sluice.operators.core;

import io.sluice.api.OperatorException;
import io.sluice.api.Row;
import io.sluice.api.row.RowConverter;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.RowFlatMapper;
import io.sluice.api.udf.RowMapper;
import io.sluice.api.udf.UdfContext;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code flatMap}: zero or more output rows per input row, through {@link RowOutputSchema}; and
 * {@code map}, the flatMap of exactly one row per row. Errors name the function ({@code map} or
 * {@code flatMap}) and the row. Output rows go straight into Arrow once the output schema is known:
 * a row object costs several times its Arrow bytes, and an input batch sized by its own narrow
 * bytes (a range of ids) can hold a million rows.
 */
final class FlatMapStage extends StageFactory {

  private static final long serialVersionUID = 1L;

  private final String kind;
  private final RowFlatMapper fn;

  /** What the null-result message suggests instead. */
  private final String instead;

  private final RowOutputSchema output;

  private FlatMapStage(
      String name, String label, String kind, RowFlatMapper fn, String instead, Schema declared) {
    super(name, label);
    this.kind = kind;
    this.fn = fn;
    this.instead = instead;
    this.output = new RowOutputSchema(label(), declared);
  }

  static FlatMapStage flatMap(String name, String label, RowFlatMapper fn, Schema declared) {
    return new FlatMapStage(
        name, label, "flatMap", fn, "return an empty list for no rows", declared);
  }

  /** A null from {@code fn} fails the batch, as a flatMap returning null does. */
  static FlatMapStage map(String name, String label, RowMapper fn, Schema declared) {
    return new FlatMapStage(
        name,
        label,
        "map",
        row -> {
          Row mapped = fn.apply(row);
          return mapped == null ? null : List.of(mapped);
        },
        "use filter to drop rows",
        declared);
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
      try (RowOutputSchema.Writer out = output.writer(allocator, n)) {
        for (int i = 0; i < n; i++) {
          Row row = reader.row(i);
          try {
            Iterable<Row> produced = fn.apply(row);
            if (produced == null) {
              throw new OperatorException(
                  label(),
                  kind
                      + " function returned null for row "
                      + i
                      + " "
                      + StageErrors.brief(row)
                      + "; "
                      + instead,
                  null);
            }
            for (Row r : produced) {
              if (r == null) {
                throw new OperatorException(
                    label(),
                    kind
                        + " function returned a null row for row "
                        + i
                        + " "
                        + StageErrors.brief(row),
                    null);
              }
              out.add(r);
            }
          } catch (Exception | LinkageError | AssertionError e) {
            throw StageErrors.wrap(
                label(),
                kind + " function failed on row " + i + " of the batch " + StageErrors.brief(row),
                e);
          }
        }
        return out.finish();
      }
    };
  }
}
