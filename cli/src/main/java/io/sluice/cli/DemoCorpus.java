package io.sluice.cli;

import io.sluice.api.Compute;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.cli.job.JobSpec.Source;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The embedding demo's input: a Parquet dataset of {@code (id int64, text utf8)} generated with
 * Sluice itself ({@code range(n).map(...).writeParquet(...)}). Files are kept small (about 512 KiB,
 * row groups of about 128 KiB) so even the default corpus has several files and row groups, which
 * are what the reader parallelises over. A directory already holding a committed corpus ({@code
 * _SUCCESS}) is reused, since the same rows and seed always give the same data. Public so the
 * benchmarks measure on the very corpus the demo embeds.
 */
public final class DemoCorpus {

  static final long TARGET_FILE_BYTES = 512L << 10;
  static final long ROW_GROUP_BYTES = 128L << 10;

  /** {@code id int64 not null, text utf8}. */
  public static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
              new Field("text", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  private DemoCorpus() {}

  /** Where the corpus of {@code rows} rows and {@code seed} lives by default. */
  public static Path defaultDir(Path dataDir, long rows, long seed) {
    return dataDir.resolve("corpus-" + rows + "-seed" + seed);
  }

  /** Whether {@code dir} holds a committed dataset. */
  public static boolean isCommitted(Path dir) {
    return Files.isRegularFile(dir.resolve("_SUCCESS"));
  }

  /** Writes the corpus to {@code dir}, replacing anything uncommitted there. */
  public static WriteResult generate(Sluice sluice, Path dir, long rows, long seed) {
    SentenceGenerator gen = new SentenceGenerator(seed);
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
              return Row.of("id", id, "text", gen.text(id));
            },
            Compute.tasks(),
            SCHEMA)
        .writeParquet(dir.toString(), options);
  }

  /**
   * Generates the demo corpus where {@code source.demo_corpus} asks for it and it is not there yet.
   */
  static void ensure(Sluice sluice, Source source, PrintWriter err) {
    io.sluice.cli.job.JobSpec.DemoCorpus demo = source.demoCorpus();
    Path dir = demo == null ? null : Path.of(source.paths().get(0));
    if (demo == null || isCommitted(dir)) {
      return;
    }
    long t0 = System.nanoTime();
    WriteResult w = generate(sluice, dir, demo.rows(), demo.seed());
    err.printf(
        Locale.ROOT,
        "sluice run: generated the demo corpus %s (%,d rows, seed %d) in %.1f s%n",
        dir,
        w.rows(),
        demo.seed(),
        (System.nanoTime() - t0) / 1e9);
  }
}
