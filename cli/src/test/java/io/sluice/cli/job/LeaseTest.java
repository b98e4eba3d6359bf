package io.sluice.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connectors.fs.FsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseTest {

  @TempDir Path tmp;

  private Lease acquire(String job, Duration timeout) throws Exception {
    return Lease.acquire(
        tmp.resolve("out/2026-12-01").toString(),
        job,
        FsConfig.defaults(),
        timeout,
        Clock.systemUTC());
  }

  @Test
  void leaseSitsBesideTheOutputAndIsExclusiveUntilReleased() throws Exception {
    Path file = tmp.resolve("out/.2026-12-01.sluice-lease");
    try (Lease first = acquire("j-2026-12-01", Duration.ofMinutes(5))) {
      assertThat(file).isRegularFile();
      assertThat(Files.readString(file))
          .contains("\"pid\" : " + ProcessHandle.current().pid())
          .contains("\"host\"")
          .contains("\"owner\"")
          .contains("j-2026-12-01");
      assertThatThrownBy(() -> acquire("j-2026-12-01", Duration.ofMinutes(5)))
          .isInstanceOf(LeaseHeldException.class)
          .hasMessageContaining("j-2026-12-01 is already running")
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .hasMessageContaining(file.toString());
      assertThat(first.tookOver()).isNull();
    }
    assertThat(file).doesNotExist();
    try (Lease again = acquire("j-2026-12-01", Duration.ofMinutes(5))) {
      assertThat(again.tookOver()).isNull();
    }
  }

  @Test
  void aLeaseWithoutHeartbeatForTheTimeoutIsTakenOver() throws Exception {
    Path file = tmp.resolve("out/.2026-12-01.sluice-lease");
    Lease stale = acquire("j", Duration.ofMinutes(5));
    // the holder is this live process; only its heartbeat's age makes it stale
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(120)));
    try (Lease taker = acquire("j", Duration.ofSeconds(60))) {
      assertThat(taker.tookOver()).contains("no heartbeat for");
      assertThat(Files.readString(file)).contains("\"job_id\" : \"j\"");
      stale.close(); // the old holder's release must not delete the new holder's lease
      assertThat(file).isRegularFile();
    }
    assertThat(file).doesNotExist();
  }

  @Test
  void theHeartbeatKeepsALiveLeaseFresh() throws Exception {
    Path file = tmp.resolve("out/.2026-12-01.sluice-lease");
    try (Lease lease = acquire("j", Duration.ofMillis(600))) {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
      Thread.sleep(450); // a beat every 200 ms
      assertThat(Files.getLastModifiedTime(file).toInstant())
          .isAfter(Instant.now().minusSeconds(5));
      assertThatThrownBy(() -> acquire("j", Duration.ofMillis(600)))
          .isInstanceOf(LeaseHeldException.class);
    }
  }

  @Test
  void pathOfTheLease() {
    assertThat(Lease.pathFor("s3a://bucket/emb/2026-12-01/"))
        .isEqualTo("s3a://bucket/emb/.2026-12-01.sluice-lease");
    assertThat(Lease.pathFor("out")).isEqualTo(".out.sluice-lease");
  }
}
