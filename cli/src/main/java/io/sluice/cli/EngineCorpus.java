package io.sluice.cli;

import io.sluice.api.Compute;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The engine demo's input: {@code (id int64, key int64, value double, name utf8)}, deterministic in
 * the seed, written by Sluice in files of about 4 MiB so the reader has several files and row
 * groups.
 */
final class EngineCorpus {

  static final long TARGET_FILE_BYTES = 4L << 20;
  static final long ROW_GROUP_BYTES = 1L << 20;
  static final int KEYS = 1000;

  static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
              new Field("key", FieldType.notNullable(new ArrowType.Int(64, true)), null),
              new Field(
                  "value",
                  FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                  null),
              new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  private EngineCorpus() {}

  static Path defaultDir(Path dataDir, long rows, long seed) {
    return dataDir.resolve("engine-" + rows + "-seed" + seed);
  }

  static WriteResult generate(Sluice sluice, Path dir, long rows, long seed) {
    WriteOptions options =
        WriteOptions.defaults()
            .withMode(WriteMode.OVERWRITE)
            .withTargetFileBytes(TARGET_FILE_BYTES)
            .withProperty("rowGroupBytes", Long.toString(ROW_GROUP_BYTES));
    return sluice
        .range(rows)
        .map(
            r -> {
              long id = r.getLong("id");
              long h = SentenceGenerator.mix(seed, id);
              return Row.of(
                  "id",
                  id,
                  "key",
                  Math.floorMod(h, (long) KEYS),
                  "value",
                  (h >>> 11) * 0x1.0p-53,
                  "name",
                  "item-" + id);
            },
            Compute.tasks(),
            SCHEMA)
        .writeParquet(dir.toString(), options);
  }
}
