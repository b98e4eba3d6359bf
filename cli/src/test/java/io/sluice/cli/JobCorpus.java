package io.sluice.cli;

import io.sluice.api.Compute;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteOptions;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Small generated input for job-file tests: {@code (id int64, text utf8)} in {@code files} Parquet
 * files.
 */
final class JobCorpus {

  private static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
              new Field("text", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  private JobCorpus() {}

  /**
   * Writes the corpus as {@code files} datasets {@code dir/part-<i>} (one Parquet file, one read
   * split each), ids {@code 0..rows-1} in order. Texts of ids divisible by 10 are null.
   */
  static Path write(Path dir, long rows, int files) {
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      long per = (rows + files - 1) / files;
      for (int f = 0; f < files; f++) {
        long first = f * per;
        long n = Math.min(per, rows - first);
        sluice
            .range(n)
            .map(
                r -> {
                  long id = first + r.getLong("id");
                  return Row.of("id", id, "text", id % 10 == 0 ? null : "text number " + id);
                },
                Compute.tasks(),
                SCHEMA)
            .writeParquet(dir.resolve("part-" + f).toString(), WriteOptions.defaults());
      }
    }
    return dir;
  }
}
