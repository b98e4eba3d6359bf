package io.sluice.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.connectors.testing.DuckDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What an independent reader (DuckDB) finds in a job's published output of (id, value) rows,
 * against the expected ids 0..rows-1 with {@link ResumableJobMain#value} values.
 *
 * @param rows rows read
 * @param lost expected ids absent
 * @param duplicated rows beyond the first of their id
 * @param wrong rows whose value is not the uninterrupted run's, or whose id is out of range
 */
record ExactOutput(long rows, long lost, long duplicated, long wrong) {

  static ExactOutput check(Path output, long expectedRows) throws Exception {
    if (!Files.exists(output.resolve("_SUCCESS"))) {
      throw new AssertionError("no _SUCCESS in " + output + ": nothing was published");
    }
    BitSet seen = new BitSet();
    long rows = 0;
    long duplicated = 0;
    long wrong = 0;
    try (DuckDb db = DuckDb.inMemory()) {
      List<List<Object>> got =
          db.query("SELECT id, value FROM read_parquet(" + published(output) + ")");
      for (List<Object> r : got) {
        rows++;
        long id = ((Number) r.get(0)).longValue();
        if (id < 0 || id >= expectedRows || !ResumableJobMain.value(id).equals(r.get(1))) {
          wrong++;
          continue;
        }
        if (seen.get((int) id)) {
          duplicated++;
        }
        seen.set((int) id);
      }
    }
    return new ExactOutput(rows, expectedRows - seen.cardinality(), duplicated, wrong);
  }

  /**
   * The published data files as a DuckDB file list: those {@code _sluice_manifest.json} lists when
   * there is one (the manifest protocol leaves unlisted attempt files next to them), else every
   * part file.
   */
  static String published(Path output) throws IOException {
    Path manifest = output.resolve("_sluice_manifest.json");
    if (!Files.exists(manifest)) {
      return "'" + output.toString().replace("'", "''") + "/part-*.parquet'";
    }
    List<String> files = new ArrayList<>();
    for (JsonNode f : new ObjectMapper().readTree(manifest.toFile()).path("files")) {
      files.add("'" + output.resolve(f.path("name").asText()).toString().replace("'", "''") + "'");
    }
    return "[" + String.join(", ", files) + "]";
  }

  boolean exact() {
    return lost == 0 && duplicated == 0 && wrong == 0;
  }

  @Override
  public String toString() {
    return rows + " rows: " + lost + " lost, " + duplicated + " duplicated, " + wrong + " wrong";
  }
}
