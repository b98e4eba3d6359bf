package io.sluice.api;

import java.util.Locale;
import java.util.Objects;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * One aggregate of {@link GroupedDataset#aggregate}, with SQL's null rules: {@link #count()} counts
 * rows, {@link #count(String)} the column's non-null values; {@code sum}, {@code min}, {@code max}
 * and {@code mean} skip nulls and are null for a group with no non-null value.
 *
 * <p>Output types: counts are int64; {@code sum} of an integer column is int64 (failing on
 * overflow) and of a floating-point column float64; {@code mean} is float64; {@code min} and {@code
 * max} keep the column's type (any orderable type: numbers, strings, dates, timestamps). Output
 * names follow Ray Data ({@code count()}, {@code sum(v)}, {@code mean(v)}...) unless {@link #as}
 * renames them.
 *
 * @param kind what it computes
 * @param column the input column, or null for {@link #count()}
 * @param name the output column's name
 */
public record Aggregate(Kind kind, String column, String name) {

  /** What an aggregate computes. */
  public enum Kind {
    COUNT,
    SUM,
    MIN,
    MAX,
    MEAN
  }

  public Aggregate {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (column == null && kind != Kind.COUNT) {
      throw new PlanException(kind.name().toLowerCase(Locale.ROOT) + " needs a column");
    }
  }

  /** Rows per group, nulls included ({@code COUNT(*)}). */
  public static Aggregate count() {
    return new Aggregate(Kind.COUNT, null, "count()");
  }

  /** Non-null values of {@code column} per group ({@code COUNT(column)}). */
  public static Aggregate count(String column) {
    return of(Kind.COUNT, column);
  }

  /** Sum of the non-null values. */
  public static Aggregate sum(String column) {
    return of(Kind.SUM, column);
  }

  /** Smallest non-null value. */
  public static Aggregate min(String column) {
    return of(Kind.MIN, column);
  }

  /** Largest non-null value. */
  public static Aggregate max(String column) {
    return of(Kind.MAX, column);
  }

  /** Arithmetic mean of the non-null values. */
  public static Aggregate mean(String column) {
    return of(Kind.MEAN, column);
  }

  private static Aggregate of(Kind kind, String column) {
    Objects.requireNonNull(column, "column");
    return new Aggregate(kind, column, kind.name().toLowerCase(Locale.ROOT) + "(" + column + ")");
  }

  /** The same aggregate under another output name. */
  public Aggregate as(String outputName) {
    return new Aggregate(kind, column, outputName);
  }

  /**
   * The output field for an input column of field {@code in} (null for {@link #count()}).
   *
   * @throws PlanException when the column's type does not support the aggregate
   */
  public Field outputField(Field in) {
    ArrowType int64 = new ArrowType.Int(64, true);
    ArrowType float64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    return switch (kind) {
      case COUNT -> new Field(name, FieldType.notNullable(int64), null);
      case MEAN -> {
        requireNumeric(in);
        yield new Field(name, FieldType.nullable(float64), null);
      }
      case SUM -> {
        requireNumeric(in);
        yield new Field(
            name,
            FieldType.nullable(in.getType() instanceof ArrowType.Int ? int64 : float64),
            null);
      }
      case MIN, MAX -> new Field(name, FieldType.nullable(in.getType()), in.getChildren());
    };
  }

  private void requireNumeric(Field in) {
    if (!(in.getType() instanceof ArrowType.Int)
        && !(in.getType() instanceof ArrowType.FloatingPoint)) {
      throw new PlanException(
          name
              + ": column '"
              + column
              + "' has type "
              + in.getType()
              + "; "
              + kind.name().toLowerCase(Locale.ROOT)
              + " needs an integer or floating-point column");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
