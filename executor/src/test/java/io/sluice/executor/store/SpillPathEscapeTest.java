package io.sluice.executor.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job-supplied names (a resumable job's id, operator labels) cannot put spill files, or the
 * recursive delete at the job's end, outside the spill root through "..".
 */
class SpillPathEscapeTest {

  @TempDir Path tmp;

  @Test
  void dotDotInTheJobIdAndLabelStaysInsideTheSpillRoot() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("spill"));
    Path victim = Files.createDirectories(tmp.resolve("victim"));
    Files.writeString(victim.resolve("keep.txt"), "not the job's");
    ExecutionOptions o = ExecutionOptions.builder().spillDir(root).build();

    List<String> ids =
        List.of("../victim", "x/../../victim", "..", "..\\..\\victim", "/etc/passwd");
    for (String id : ids) {
      try (SpillDirectory d = new SpillDirectory(o, id)) {
        Path file = d.reserve("Sort(../../../victim/evil)", 16);
        Files.writeString(file, "spilled");
        assertThat(file.toAbsolutePath().normalize()).as(id).startsWith(root.toAbsolutePath());
        assertThat(d.path().getParent()).as(id).isEqualTo(root);
        assertThat(d.path().getFileName().toString())
            .as(id)
            .startsWith("sluice-spill-")
            .doesNotContain("/");
      }
    }

    assertThat(Files.readString(victim.resolve("keep.txt"))).isEqualTo("not the job's");
    try (Stream<Path> left = Files.list(victim)) {
      assertThat(left).containsExactly(victim.resolve("keep.txt"));
    }
    try (Stream<Path> left = Files.list(root)) {
      assertThat(left).as("each job's directory is gone after close").isEmpty();
    }
  }

  @Test
  void idsThatDifferOnlyInUnsafeCharactersGetDifferentDirectories() {
    assertThat(SpillDirectory.fileName("a/b")).isNotEqualTo(SpillDirectory.fileName("a_b"));
    assertThat(SpillDirectory.fileName("nightly-2026.12.02_x")).isEqualTo("nightly-2026.12.02_x");
    assertThat(SpillDirectory.fileName("../x")).startsWith(".._x-").doesNotContain("/");
  }
}
