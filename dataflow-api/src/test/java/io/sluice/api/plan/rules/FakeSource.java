package io.sluice.api.plan.rules;

import io.sluice.api.PlanException;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import io.sluice.api.spi.SupportsLimit;
import io.sluice.api.spi.SupportsProjection;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** A source that records the columns and limit pushed into it; it is never read. */
record FakeSource(List<String> columns, long limit) implements SupportsProjection, SupportsLimit {

  static final List<String> ALL = List.of("id", "text", "score");

  FakeSource() {
    this(ALL, -1);
  }

  @Override
  public String name() {
    return "Fake";
  }

  @Override
  public Schema schema() {
    return new Schema(
        columns.stream()
            .map(c -> new Field(c, FieldType.nullable(new ArrowType.Int(64, true)), null))
            .toList());
  }

  @Override
  public List<ReadTask> planReadTasks(int parallelismHint) {
    return List.of();
  }

  @Override
  public Datasource withColumns(List<String> cols) {
    for (String c : cols) {
      if (!columns.contains(c)) {
        throw new PlanException("no column " + c);
      }
    }
    return new FakeSource(List.copyOf(cols), limit);
  }

  @Override
  public Datasource withLimit(long rows) {
    return new FakeSource(columns, rows);
  }
}
