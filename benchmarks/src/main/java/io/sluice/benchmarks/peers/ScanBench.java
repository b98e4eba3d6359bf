package io.sluice.benchmarks.peers;

import io.sluice.api.Sluice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * Parquet scan: Sluice's reader ({@code readParquet(...).count()}: every selected column decoded
 * into Arrow), DuckDB (an aggregate over every selected column, so each one is decoded; {@code
 * count(*)} alone would read metadata only) and plain parquet-mr (the example Group reader, one
 * thread), on {@link ScanDataset}, for the full scan and a 2-column projection ({@code l0}, {@code
 * s0}). In-process, readers alternated over the rounds after one untimed warm-up pass each;
 * medians.
 */
final class ScanBench {

  record Result(String markdown, double sluiceOverDuckDbFullScan) {}

  private static final List<String> ALL = allColumns();
  private static final List<String> TWO = List.of("l0", "s0");

  private ScanBench() {}

  static Result run(Path dataDir, long rows, int rounds, Path results) throws Exception {
    Path dir = ScanDataset.ensure(dataDir, rows);
    Map<String, ToLongFunction<List<String>>> readers = new LinkedHashMap<>();
    try (Sluice sluice = Sluice.local();
        Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      readers.put(
          "Sluice readParquet",
          cols -> sluice.readParquet(dir.toString()).select(cols.toArray(String[]::new)).count());
      readers.put("DuckDB", cols -> duckDb(duck, dir, cols));
      readers.put("parquet-mr (Group)", cols -> parquetMr(dir, cols));
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      List<String> csv =
          new ArrayList<>(List.of("reader,columns,round,rows,seconds,rows_per_second"));
      for (int round = -1; round < rounds; round++) {
        for (var r : readers.entrySet()) {
          for (List<String> cols : List.of(ALL, TWO)) {
            long start = System.nanoTime();
            long n = r.getValue().applyAsLong(cols);
            double s = (System.nanoTime() - start) / 1e9;
            if (n != rows) {
              throw new IllegalStateException(
                  r.getKey() + " read " + n + " rows, expected " + rows);
            }
            if (round >= 0) {
              String key = r.getKey() + "|" + cols.size();
              rates.computeIfAbsent(key, k -> new ArrayList<>()).add(n / s);
              csv.add(
                  String.format(
                      Locale.ROOT,
                      "%s,%d,%d,%d,%.4f,%.1f",
                      r.getKey(),
                      cols.size(),
                      round,
                      n,
                      s,
                      n / s));
            }
          }
        }
      }
      Files.write(results.resolve("scan.csv"), csv);
      StringBuilder md =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%,d rows, %d columns (%d int64 + id, %d double, %d string), %d files; median of %d rounds.%n%n",
                  rows,
                  ALL.size(),
                  ScanDataset.LONGS,
                  ScanDataset.DOUBLES,
                  ScanDataset.STRINGS,
                  ScanDataset.FILES,
                  rounds));
      md.append(
          "| reader | full scan rows/s | 2-column projection rows/s | full scan ÷ DuckDB |\n|---|---:|---:|---:|\n");
      double duckFull = median(rates.get("DuckDB|" + ALL.size()));
      for (String reader : readers.keySet()) {
        double full = median(rates.get(reader + "|" + ALL.size()));
        double two = median(rates.get(reader + "|" + TWO.size()));
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %,.0f | %,.0f | %.2fx |%n",
                reader,
                full,
                two,
                full / duckFull));
      }
      return new Result(
          md.toString(), median(rates.get("Sluice readParquet|" + ALL.size())) / duckFull);
    }
  }

  private static long duckDb(Connection c, Path dir, List<String> cols) {
    StringBuilder sql = new StringBuilder("SELECT count(*)");
    for (String col : cols) {
      sql.append(col.startsWith("s") ? ", sum(length(" + col + "))" : ", sum(" + col + ")");
    }
    sql.append(" FROM read_parquet('").append(dir).append("/*.parquet')");
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.toString())) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long parquetMr(Path dir, List<String> cols) {
    Configuration conf = new Configuration();
    StringBuilder schema = new StringBuilder("message projection {");
    for (String col : cols) {
      schema.append(ScanDataset.schema().getType(col)).append(';');
    }
    conf.set(ReadSupport.PARQUET_READ_SCHEMA, schema.append(" }").toString());
    long rows = 0;
    for (Path file : GroupParquet.files(dir.toString())) {
      try (ParquetReader<Group> reader =
          ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
              .withConf(conf)
              .build()) {
        while (reader.read() != null) {
          rows++;
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return rows;
  }

  private static List<String> allColumns() {
    List<String> cols = new ArrayList<>(List.of("id"));
    for (int i = 0; i < ScanDataset.LONGS; i++) {
      cols.add("l" + i);
    }
    for (int i = 0; i < ScanDataset.DOUBLES; i++) {
      cols.add("d" + i);
    }
    for (int i = 0; i < ScanDataset.STRINGS; i++) {
      cols.add("s" + i);
    }
    return cols;
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
