package io.sluice.cli.job;

import io.sluice.api.Row;
import io.sluice.api.udf.RowFilter;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlFeatures;

/**
 * A {@code filter:} step written as an expression over the row's columns, e.g. {@code text != null
 * && size(text) > 20 && id % 7 != 0}, evaluated by Apache Commons JEXL with its restricted
 * permissions and without side effects, loops or object creation. Columns are variables; a column
 * that does not exist is an error (strict mode), as is a result that is not a boolean.
 */
public final class ExpressionFilter implements RowFilter {

  private static final long serialVersionUID = 1L;

  private static final JexlFeatures FEATURES =
      new JexlFeatures()
          .sideEffect(false)
          .sideEffectGlobal(false)
          .loops(false)
          .newInstance(false)
          .lambda(false)
          .script(false)
          .structuredLiteral(false)
          .register(false);
  private static final JexlEngine ENGINE =
      new JexlBuilder().features(FEATURES).strict(true).silent(false).cache(64).create();

  private final String source;
  private transient JexlExpression expression;

  /**
   * Parses the expression now, so a syntax error is reported before the job runs.
   *
   * @throws IllegalArgumentException with JEXL's description of the error
   */
  public ExpressionFilter(String source) {
    this.source = source;
    this.expression = compile(source);
  }

  private static JexlExpression compile(String source) {
    try {
      return ENGINE.createExpression(source);
    } catch (JexlException e) {
      throw new IllegalArgumentException(
          "cannot parse the filter expression '"
              + source
              + "': "
              + e.getMessage().replaceAll("^.*?@\\d+:\\d+\\s*", ""));
    }
  }

  @Override
  public boolean test(Row row) {
    JexlExpression e = expression;
    if (e == null) { // deserialized on another worker
      e = compile(source);
      expression = e;
    }
    Object result;
    try {
      result = e.evaluate(new RowContext(row));
    } catch (JexlException ex) {
      throw new IllegalArgumentException(
          "filter '"
              + source
              + "': "
              + ex.getMessage().replaceAll("^.*?@\\d+:\\d+\\s*", "")
              + " (columns: "
              + row.names()
              + ")",
          ex);
    }
    if (!(result instanceof Boolean b)) {
      throw new IllegalArgumentException(
          "filter '" + source + "' must give true or false, got " + result);
    }
    return b;
  }

  @Override
  public String toString() {
    return "filter(" + source + ")";
  }

  /** A read-only view of one row as JEXL variables. */
  private record RowContext(Row row) implements JexlContext {
    @Override
    public Object get(String name) {
      return row.has(name) ? row.get(name) : null;
    }

    @Override
    public void set(String name, Object value) {
      throw new UnsupportedOperationException("a filter cannot assign " + name);
    }

    @Override
    public boolean has(String name) {
      return row.has(name);
    }
  }
}
