package io.sluice.connectors.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.PlanException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileListerTest {

  @TempDir Path tmp;

  private final FileLister lister = new FileLister(FsConfig.defaults());

  @BeforeEach
  void files() throws Exception {
    Files.createDirectories(tmp.resolve("d/sub/deeper"));
    Files.createDirectories(tmp.resolve("d/.sluice-staging-x-1"));
    Files.createDirectories(tmp.resolve("d/_temporary"));
    for (String f :
        List.of(
            "d/b.parquet",
            "d/a.parquet",
            "d/sub/c.parquet",
            "d/sub/deeper/e.csv",
            "d/_SUCCESS",
            "d/.hidden",
            "d/.sluice-staging-x-1/part.parquet",
            "d/_temporary/t.parquet")) {
      Files.writeString(tmp.resolve(f), "x");
    }
  }

  private List<String> names(List<FileEntry> entries) {
    return entries.stream()
        .map(e -> tmp.toUri().relativize(URI.create(e.path())).getPath())
        .toList();
  }

  @Test
  void directoriesAreListedRecursivelySortedWithoutHiddenNames() {
    List<FileEntry> files = lister.list(List.of(tmp.resolve("d").toString()));
    assertThat(names(files))
        .containsExactly("d/a.parquet", "d/b.parquet", "d/sub/c.parquet", "d/sub/deeper/e.csv");
    assertThat(files)
        .allSatisfy(
            f -> {
              assertThat(f.path()).startsWith("file:/");
              assertThat(f.length()).isEqualTo(1);
            });
  }

  @Test
  void globsFilesAndUrisWithoutDuplicates() {
    List<FileEntry> files =
        lister.list(
            List.of(
                tmp.resolve("d/*.parquet").toString(),
                tmp.resolve("d/a.parquet").toUri().toString(),
                tmp.resolve("d/sub/c.parquet").toString()));
    assertThat(names(files)).containsExactly("d/a.parquet", "d/b.parquet", "d/sub/c.parquet");
  }

  @Test
  void anExplicitlyNamedHiddenFileIsKept() {
    assertThat(names(lister.list(List.of(tmp.resolve("d/_SUCCESS").toString()))))
        .containsExactly("d/_SUCCESS");
  }

  @Test
  void missingPathsAndEmptyGlobsAreNamed() {
    assertThatThrownBy(() -> lister.list(List.of(tmp.resolve("missing").toString())))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("does not exist")
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> lister.list(List.of(tmp.resolve("d/*.orc").toString())))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("*.orc");
  }

  @Test
  void plainPathsAreLocalFiles() {
    assertThat(FsPaths.toPath("/x/y").toString()).isEqualTo("file:/x/y");
    assertThat(FsPaths.toPath("rel/p[0-9]").toUri().getScheme()).isEqualTo("file");
    assertThat(FsPaths.toPath("rel/p[0-9]").toString()).endsWith("rel/p[0-9]");
    assertThat(FsPaths.toPath("s3a://bucket/key").toUri().getScheme()).isEqualTo("s3a");
    assertThat(FsPaths.isHidden("_SUCCESS")).isTrue();
    assertThat(FsPaths.isHidden(".staging")).isTrue();
    assertThat(FsPaths.isHidden("part-0.parquet")).isFalse();
  }
}
