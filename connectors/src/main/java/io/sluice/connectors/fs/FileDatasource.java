package io.sluice.connectors.fs;

import io.sluice.api.PlanException;
import io.sluice.api.spi.SupportsLimit;
import io.sluice.api.spi.SupportsProjection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What every file source shares: the paths it was given, the file system settings, and the
 * projection and limit pushed into it, with one copy of their checks. Subclasses list and plan
 * lazily (see {@link Memo}) and say how to copy themselves with another projection or limit.
 * Immutable; {@link #withColumns} and {@link #withLimit} compose in either order.
 *
 * @param <S> the concrete source type, which the {@code with} methods return
 */
public abstract class FileDatasource<S extends FileDatasource<S>>
    implements SupportsProjection, SupportsLimit {

  protected final List<String> paths;
  protected final FsConfig config;

  /** The selected columns in order, or null for all. */
  protected final List<String> columns;

  /** At most this many rows, or negative for no limit. */
  protected final long limit;

  protected FileDatasource(List<String> paths, FsConfig config, List<String> columns, long limit) {
    this.paths = paths;
    this.config = config;
    this.columns = columns;
    this.limit = limit;
  }

  /** The schema of every column the files hold (lists or reads the files on first use). */
  protected abstract Schema fullSchema();

  /** The same source with another projection and limit, sharing the listing. */
  protected abstract S copy(List<String> columns, long limit);

  /** The format for messages, e.g. {@code Parquet} or {@code csv}. */
  protected abstract String formatName();

  /** Where the files are, for messages: the paths as given. */
  protected String describePaths() {
    return paths.toString();
  }

  @Override
  public Schema schema() {
    Schema all = fullSchema();
    if (columns == null || isEmpty()) {
      return all;
    }
    List<Field> out = new ArrayList<>();
    for (String c : columns) {
      out.add(all.findField(c));
    }
    return new Schema(out);
  }

  @Override
  public S withColumns(List<String> selected) {
    Schema current = schema();
    Set<String> seen = new HashSet<>();
    for (String c : selected) {
      if (current.getFields().stream().noneMatch(f -> f.getName().equals(c))) {
        throw new PlanException(
            "column '"
                + c
                + "' does not exist in "
                + formatName()
                + " "
                + describePaths()
                + "; available columns: "
                + current.getFields().stream().map(Field::getName).toList());
      }
      if (!seen.add(c)) {
        throw new PlanException("column '" + c + "' selected twice");
      }
    }
    return copy(List.copyOf(selected), limit);
  }

  @Override
  public S withLimit(long rows) {
    if (rows < 0) {
      throw new PlanException("limit must be >= 0, got " + rows);
    }
    return copy(columns, limit < 0 ? rows : Math.min(limit, rows));
  }

  @Override
  public String toString() {
    return formatName().toLowerCase(Locale.ROOT)
        + "("
        + paths
        + (columns == null ? "" : ", columns=" + columns)
        + (limit < 0 ? "" : ", limit=" + limit)
        + ")";
  }
}
