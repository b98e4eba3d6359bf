package io.sluice.connectors.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory DuckDB, the independent Parquet writer and reader of the differential tests, in UTC
 * so timestamps render the same everywhere. Not thread-safe; close it after the test class.
 */
public final class DuckDb implements AutoCloseable {

  private final Connection db;

  private DuckDb(Connection db) {
    this.db = db;
  }

  public static DuckDb inMemory() throws SQLException {
    try {
      Class.forName("org.duckdb.DuckDBDriver");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("duckdb_jdbc is not on the test classpath", e);
    }
    DuckDb d = new DuckDb(DriverManager.getConnection("jdbc:duckdb:"));
    d.execute("SET TimeZone = 'UTC'");
    return d;
  }

  public void execute(String sql) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute(sql);
    }
  }

  /** Every row of the result, each a list of JDBC objects in column order. */
  public List<List<Object>> query(String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int c = 1; c <= n; c++) {
          row.add(rs.getObject(c));
        }
        out.add(row);
      }
    }
    return out;
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
