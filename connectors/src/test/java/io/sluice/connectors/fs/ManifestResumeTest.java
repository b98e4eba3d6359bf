package io.sluice.connectors.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.PlanException;
import io.sluice.api.spi.WriteMode;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest protocol's destination check when a run died between its manifest and {@code
 * _SUCCESS} (found by ChaosTest: the rerun was refused as "already exists"): a resumed run of the
 * same job id may finish that commit; a fresh run, another job id, or an output with its marker is
 * still refused.
 */
class ManifestResumeTest {

  @TempDir java.nio.file.Path dir;

  private static final Map<String, String> MANIFEST = Map.of("commitProtocol", "manifest");

  /** A destination holding job {@code jobId}'s manifest and one listed file, no marker. */
  private String diedInsideCommit(String jobId) throws Exception {
    java.nio.file.Path out = dir.resolve("out");
    Files.createDirectories(out);
    String name = CommittedFiles.partName(0, 0, 0, jobId, "parquet");
    Files.write(out.resolve(name), new byte[] {1, 2, 3});
    FileSystem fs = FileSystems.get(new Path(out.toUri()), FsConfig.defaults());
    new Manifest(
            1,
            jobId,
            WriteMode.ERROR_IF_EXISTS.name(),
            1L,
            3,
            List.of(new Manifest.Entry(name, 3, 3L, 0, 0)))
        .write(fs, fs.makeQualified(new Path(out.toUri())));
    return out.toString();
  }

  private static CommitProtocol prepare(String dest, String jobId, boolean resume)
      throws Exception {
    return CommitProtocols.prepare(
        FsConfig.defaults(), dest, jobId, WriteMode.ERROR_IF_EXISTS, MANIFEST, resume);
  }

  @Test
  void aResumedRunOfTheSameJobMayFinishTheCommit() throws Exception {
    String dest = diedInsideCommit("nightly-1");

    CommitProtocol p = prepare(dest, "nightly-1", true);

    assertThat(p).isInstanceOf(ManifestCommitProtocol.class);
  }

  @Test
  void aFreshRunAnotherJobOrACommittedOutputIsStillRefused() throws Exception {
    String dest = diedInsideCommit("nightly-1");

    assertThatThrownBy(() -> prepare(dest, "nightly-1", false))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> prepare(dest, "nightly-2", true))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("already exists");
    Files.createFile(dir.resolve("out").resolve(CommitProtocol.SUCCESS_MARKER));
    assertThatThrownBy(() -> prepare(dest, "nightly-1", true))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("already exists");
  }
}
