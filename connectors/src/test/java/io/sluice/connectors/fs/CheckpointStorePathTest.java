package io.sluice.connectors.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.spi.WriteTaskResult;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A checkpoint record read back names task files inside its staging directory only: a record whose
 * checksum is fine but whose file list reaches outside ({@code ..}, an absolute path, a scheme) is
 * refused with the record's path, and recovery touches nothing because of it.
 */
class CheckpointStorePathTest {

  private static final String SPLIT = "file:/data/in/part-0.parquet#rg=0";

  @TempDir File tmp;

  private FileSystem fs;
  private Path staging;
  private File victim;

  private void setUp() throws IOException {
    fs = FileSystem.getLocal(new Configuration());
    File dir = new File(tmp, "out/_sluice_staging");
    staging = new Path(dir.toURI());
    Files.createDirectories(dir.toPath());
    Files.writeString(new File(dir, "part-00000-a0.parquet").toPath(), "rows");
    // A file outside the staging directory that a forged record could try to claim (publish) or
    // that recovery could be made to delete.
    victim = new File(tmp, "out/victim.parquet");
    Files.writeString(victim.toPath(), "not yours");
  }

  /**
   * Writes a record with a valid checksum listing {@code files}, as a tampered or buggy writer
   * would.
   */
  private Path forge(String files) throws IOException {
    Properties p = new Properties();
    p.setProperty("split", SPLIT);
    p.setProperty("results", "1");
    p.setProperty("0.task", "0");
    p.setProperty("0.attempt", "0");
    p.setProperty("0.rows", "10");
    p.setProperty("0.bytes", "4");
    p.setProperty("0.files", files);
    Path record = new Path(staging, "_checkpoints/forged.ckpt");
    fs.mkdirs(record.getParent());
    try (OutputStream out = fs.create(record, true)) {
      out.write(CheckpointRecord.encode(p));
    }
    return record;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../victim.parquet",
        "part-00000-a0.parquet/../../victim.parquet",
        "/tmp/victim.parquet",
        "file:/tmp/victim.parquet",
        "..\\victim.parquet",
        "part-00000-a0.parquet/./x",
        ".."
      })
  void aRecordNamingAFileOutsideItsStagingDirectoryIsRefused(String files) throws IOException {
    setUp();
    Path record = forge(files);
    CheckpointStore store = new CheckpointStore(fs, staging);

    assertThatThrownBy(() -> store.recover(Set.of(SPLIT)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("checkpoint record " + record)
        .hasMessageContaining(files)
        .hasMessageContaining("staging directory " + staging)
        .hasMessageContaining("delete the record");
    assertThat(victim).exists().hasContent("not yours");
    assertThat(new File(tmp, "out/_sluice_staging/part-00000-a0.parquet")).exists();
  }

  @Test
  void aRecordNamingItsOwnStagingFilesIsKept() throws IOException {
    setUp();
    new CheckpointStore(fs, staging)
        .write(
            SPLIT,
            List.of(
                new WriteTaskResult(
                    0, 0, List.of(new Path(staging, "part-00000-a0.parquet").toString()), 10, 4)));

    Map<String, List<WriteTaskResult>> kept =
        new CheckpointStore(fs, staging).recover(Set.of(SPLIT));

    assertThat(kept).containsOnlyKeys(SPLIT);
    assertThat(kept.get(SPLIT).get(0).files())
        .singleElement()
        .asString()
        .endsWith("/part-00000-a0.parquet");
    assertThat(victim).exists();
  }
}
