package io.sluice.connectors.csv;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Column types from sampled CSV fields: the narrowest of bigint, double, boolean, date, timestamp
 * that every non-null sample parses as, else string. A column with no non-null sample is a string.
 */
final class CsvTypeInference {

  private static final ArrowType[] CANDIDATES = {
    new ArrowType.Int(64, true),
    new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
    ArrowType.Bool.INSTANCE,
    new ArrowType.Date(DateUnit.DAY),
    new ArrowType.Timestamp(TimeUnit.MICROSECOND, null),
  };

  private final List<String> names;
  private final boolean[][] ruledOut; // [column][candidate]
  private final boolean[] seen;

  CsvTypeInference(List<String> names) {
    this.names = List.copyOf(names);
    this.ruledOut = new boolean[names.size()][CANDIDATES.length];
    this.seen = new boolean[names.size()];
  }

  void add(List<String> fields) {
    for (int c = 0; c < Math.min(fields.size(), names.size()); c++) {
      String v = fields.get(c);
      if (v == null) {
        continue;
      }
      seen[c] = true;
      for (int t = 0; t < CANDIDATES.length; t++) {
        if (!ruledOut[c][t] && !parses(v, CANDIDATES[t])) {
          ruledOut[c][t] = true;
        }
      }
    }
  }

  private static boolean parses(String v, ArrowType t) {
    if (t instanceof ArrowType.Bool
        && !v.trim().equalsIgnoreCase("true")
        && !v.trim().equalsIgnoreCase("false")) {
      return false; // 0/1 stay numbers
    }
    try {
      CsvValues.parse(v, t);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  Schema schema() {
    List<Field> fields = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      ArrowType t = ArrowType.Utf8.INSTANCE;
      for (int k = 0; seen[c] && k < CANDIDATES.length; k++) {
        if (!ruledOut[c][k]) {
          t = CANDIDATES[k];
          break;
        }
      }
      fields.add(new Field(names.get(c), FieldType.nullable(t), null));
    }
    return new Schema(fields);
  }
}
