package io.sluice.connectors.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.fs.FsConfig;
import io.sluice.connectors.parquet.ParquetDatasink;
import io.sluice.connectors.parquet.ParquetDatasource;
import io.sluice.connectors.testing.LocalJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad credentials, a missing bucket and a stopped server end in clear errors within bounded time,
 * and the secret key never shows up in messages, logs or {@code toString()}s.
 */
class S3FailureTest {

  private static S3TestServer s3;
  private static BufferAllocator allocator;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer();
    s3.createBucket("data");
    allocator = new RootAllocator();
    S3Tables.write(
        new ParquetDatasink(
            "s3a://data/t/",
            new WriteOptions(
                WriteMode.ERROR_IF_EXISTS, WriteOptions.DEFAULT_TARGET_FILE_BYTES, s3.options())),
        allocator,
        1,
        10);
  }

  @AfterAll
  static void stop() throws Exception {
    allocator.close();
    s3.close();
  }

  /**
   * Everything a failing read says: the exception chain's messages and what was logged meanwhile.
   */
  private static String failingRead(Map<String, String> options, String path, long maxMillis) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    long t0 = System.nanoTime();
    Throwable t;
    try {
      t =
          catchThrowable(
              () -> LocalJob.readRows(ParquetDatasource.create(List.of(path), options), allocator));
    } finally {
      System.setErr(err);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(t).as("reading " + path).isNotNull();
    assertThat(millis).as("time to fail").isLessThan(maxMillis);
    List<String> messages = new ArrayList<>();
    for (Throwable c = t; c != null; c = c.getCause()) {
      messages.add(c.toString());
    }
    String all = String.join("\n", messages) + "\n" + captured.toString(StandardCharsets.UTF_8);
    assertThat(all).doesNotContain(S3TestServer.SECRET_KEY).doesNotContain("WRONG-secret-0000");
    System.out.println("failure of " + path + " after " + millis + " ms: " + messages.get(0));
    return String.join("\n", messages);
  }

  @Test
  void wrongCredentialsNameTheBucketNotTheSecret() {
    Map<String, String> o = new HashMap<>(s3.options(S3TestServer.ACCESS_KEY, "WRONG-secret-0000"));
    String msg = failingRead(o, "s3a://data/t/", 30_000);
    assertThat(msg).contains("s3a://data/t/").containsIgnoringCase("403");
  }

  @Test
  void missingBucketFailsClearlyAndFast() {
    String msg = failingRead(s3.options(), "s3a://no-such-bucket/t/", 30_000);
    assertThat(msg).contains("no-such-bucket");
  }

  @Test
  void stoppedServerFailsAfterRetriesWithinBoundedTime() throws Exception {
    Map<String, String> o;
    try (S3TestServer other = new S3TestServer()) {
      other.createBucket("gone");
      o = other.options();
    }
    String msg = failingRead(o, "s3a://gone/t/", 30_000);
    assertThat(msg).contains("s3a://gone/t/");
  }

  @Test
  void secretsNeverAppearInToStringsOrReports() throws Exception {
    FsConfig c = FsConfig.fromOptions(s3.options());
    ParquetDatasource src = ParquetDatasource.create(List.of("s3a://data/t/"), s3.options());
    List<String> texts =
        new ArrayList<>(
            List.of(
                c.toString(),
                c.redacted().toString(),
                src.toString(),
                S3Options.builder().endpoint(s3.endpoint()).build().toString()));
    src.planReadTasks(1).forEach(t -> texts.add(t.describe() + " " + t));
    texts.add(
        new ParquetDatasink(
                "s3a://data/out/",
                new WriteOptions(WriteMode.ERROR_IF_EXISTS, 1 << 20, s3.options()))
            .toString());
    assertThat(String.join("\n", texts)).doesNotContain(S3TestServer.SECRET_KEY);
    assertThat(c.redacted())
        .containsEntry("fs.s3a.secret.key", "****")
        .containsEntry("fs.s3a.access.key", "****");
  }
}
