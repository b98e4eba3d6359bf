package io.sluice.benchmarks.peers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;

/**
 * An engine-independent checksum of an output directory, computed by DuckDB over the Parquet the
 * contender wrote: the sum over rows of {@code w(id) * (embedding . r)}, with {@code r} a fixed
 * random vector and {@code w(id) = 1 + (id mod 7) / 7}, so a wrong vector, a lost row or an
 * embedding attached to the wrong id all change it, while batching-dependent float noise (about
 * 1e-6 per component) moves it far less than {@link #TOLERANCE_PER_ROW} per row.
 */
final class OutputChecksum {

  /** Allowed |difference| per output row; one wrong embedding moves the sum by about 1. */
  static final double TOLERANCE_PER_ROW = 1e-4;

  record Result(long rows, long nonNull, double checksum) {}

  private OutputChecksum() {}

  static Result of(String dir) throws SQLException {
    Random random = new Random(7);
    StringJoiner r = new StringJoiner(",", "[", "]::DOUBLE[]");
    for (int i = 0; i < EmbedCore.DIM; i++) {
      r.add(String.format(Locale.ROOT, "%.6f", random.nextGaussian()));
    }
    String glob = dir.replace("'", "''") + "/**/*.parquet";
    String sql =
        "SELECT count(*), count(embedding), sum((1 + (id % 7) / 7.0) * "
            + "list_dot_product(CAST(embedding AS DOUBLE[]), "
            + r
            + ")) FROM read_parquet('"
            + glob
            + "')";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return new Result(rs.getLong(1), rs.getLong(2), rs.getDouble(3));
    }
  }

  static boolean agree(double a, double b, long rows) {
    return Math.abs(a - b) <= TOLERANCE_PER_ROW * Math.max(1, rows);
  }
}
