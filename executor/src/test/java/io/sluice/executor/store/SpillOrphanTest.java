package io.sluice.executor.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spill directories of processes that were killed (so never cleaned up) are deleted by the next job
 * that spills under the same root; those of live processes, of other pid namespaces and without an
 * owner file are left alone.
 */
class SpillOrphanTest {

  @TempDir Path root;

  private Path dirOwnedBy(String name, String owner) throws Exception {
    Path d = Files.createDirectories(root.resolve("sluice-spill-" + name));
    Files.writeString(d.resolve("sort-1.arrows"), "a run");
    if (owner != null) {
      Files.writeString(d.resolve(SpillDirectory.OWNER), owner);
    }
    return d;
  }

  @Test
  void theFirstSpillDeletesDirectoriesOfEndedProcessesOnly() throws Exception {
    Process killed = new ProcessBuilder("sleep", "60").start();
    String killedOwner = SpillDirectory.owner(killed.toHandle());
    killed.destroyForcibly();
    killed.waitFor();
    String live = SpillDirectory.owner(ProcessHandle.current());
    String[] f = live.split(" ");

    Path orphan = dirOwnedBy("job-killed", killedOwner);
    Path mine = dirOwnedBy("job-live", live);
    Path reusedPid =
        dirOwnedBy("job-reused-pid", f[0] + " 1 " + f[2]); // our pid, another start: owner gone
    Path otherContainer = dirOwnedBy("job-other-ns", killedOwner.replace(f[2], "pid:[1]"));
    Path noOwner = dirOwnedBy("job-creating", null);

    try (SpillDirectory d =
        new SpillDirectory(ExecutionOptions.builder().spillDir(root).build(), "job-new")) {
      assertThat(orphan).exists(); // nothing happens before a spill
      d.reserve("sort", 100);

      assertThat(orphan).doesNotExist();
      assertThat(reusedPid).doesNotExist();
      assertThat(mine).exists();
      assertThat(otherContainer).exists();
      assertThat(noOwner).exists();
      assertThat(d.path().resolve(SpillDirectory.OWNER)).content().isEqualTo(live);
    }
  }
}
