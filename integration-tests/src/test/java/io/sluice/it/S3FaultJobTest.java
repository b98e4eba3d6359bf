package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.connectors.s3.S3FaultProxy;
import io.sluice.connectors.s3.S3FaultProxy.Kind;
import io.sluice.connectors.s3.S3TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole jobs through {@code Sluice.local} on S3 through {@link S3FaultProxy}: a task attempt whose
 * part file cannot be uploaded past S3A's retries is retried by the executor as a new attempt and
 * the commit lists only the good attempt (exact rows, no duplicates); faults on the input beyond
 * every retry fail the job naming the object, with nothing published.
 */
class S3FaultJobTest {

  static S3TestServer server;
  static S3FaultProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    server = new S3TestServer();
    server.createBucket("lake");
    proxy = new S3FaultProxy(server);
    try (Sluice s = Sluice.local(opts())) {
      s.range(2000)
          .map(r -> Row.of("id", r.getLong("id"), "text", "doc " + r.getLong("id")))
          .writeParquet(
              "s3a://lake/in/",
              new WriteOptions(WriteMode.ERROR_IF_EXISTS, 16 << 10, server.options()));
    }
  }

  @AfterEach
  void clear() {
    proxy.clear();
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    server.close();
  }

  static ExecutionOptions opts() {
    return ExecutionOptions.builder().cpuSlots(2).progress(false).maxTaskRetries(2).build();
  }

  static boolean exists(String path) throws Exception {
    Configuration conf = new Configuration();
    server.options().forEach(conf::set);
    Path p = new Path(path);
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
      return fs.exists(p);
    }
  }

  static List<Long> ids(Sluice s, String path) {
    return s.read("parquet", List.of(path), server.options()).takeAll().stream()
        .map(r -> r.getLong("id"))
        .sorted()
        .toList();
  }

  @Test
  void anUploadThatFailsPastS3aRetriesIsRetriedAsANewAttemptAndCommittedOnce() throws Exception {
    Map<String, String> viaProxy = proxy.options();
    var firstAttempt =
        proxy.inject(
            Kind.INTERNAL_ERROR, S3FaultProxy.upload("out/part-00000-a0-"), S3FaultProxy.FOREVER);
    var reads = proxy.inject(Kind.RESET_MID_BODY, S3FaultProxy.get("in/part-"), 2);
    WriteResult w;
    try (Sluice s = Sluice.local(opts())) {
      w =
          s.read("parquet", List.of("s3a://lake/in/"), viaProxy)
              .map(r -> Row.of("id", r.getLong("id"), "len", (long) r.getString("text").length()))
              .writeParquet(
                  "s3a://lake/out/",
                  new WriteOptions(WriteMode.ERROR_IF_EXISTS, 1 << 20, viaProxy));
      assertThat(w.stats().retries()).as("the executor retried the task").isPositive();
      assertThat(ids(s, "s3a://lake/out/")).isEqualTo(LongStream.range(0, 2000).boxed().toList());
    }
    assertThat(firstAttempt.hits()).isPositive();
    assertThat(reads.hits()).isEqualTo(2);
    assertThat(w.rows()).isEqualTo(2000);
    assertThat(w.files()).noneMatch(f -> f.contains("part-00000-a0-"));
    assertThat(exists("s3a://lake/out/_SUCCESS")).isTrue();
  }

  @Test
  void inputThrottledPastEveryRetryFailsNamingTheObjectAndPublishesNothing() throws Exception {
    Map<String, String> viaProxy = proxy.options();
    proxy.inject(Kind.SLOW_DOWN, S3FaultProxy.get("in/part-"), S3FaultProxy.FOREVER);
    try (Sluice s = Sluice.local(opts())) {
      assertThatThrownBy(
              () ->
                  s.read("parquet", List.of("s3a://lake/in/"), viaProxy)
                      .writeParquet(
                          "s3a://lake/throttled/",
                          new WriteOptions(WriteMode.ERROR_IF_EXISTS, 1 << 20, viaProxy)))
          .hasMessageContaining("s3a://lake/in/part-");
    }
    assertThat(exists("s3a://lake/throttled/_SUCCESS")).isFalse();
    assertThat(exists("s3a://lake/throttled/_sluice_manifest.json")).isFalse();
  }

  @Test
  void listingsThatFailWith500PastEveryRetryFailNamingTheBucketAndPublishNothing()
      throws Exception {
    Map<String, String> viaProxy = proxy.options();
    var listings =
        proxy.inject(
            Kind.INTERNAL_ERROR,
            r ->
                r.method().equals("GET")
                    && r.bucket().equals("lake")
                    && r.query().contains("list-type"),
            S3FaultProxy.FOREVER);
    try (Sluice s = Sluice.local(opts())) {
      assertThatThrownBy(
              () ->
                  s.read("parquet", List.of("s3a://lake/in/"), viaProxy)
                      .writeParquet(
                          "s3a://lake/unlisted/",
                          new WriteOptions(WriteMode.ERROR_IF_EXISTS, 1 << 20, viaProxy)))
          .hasMessageContaining("s3a://lake/in");
    }
    assertThat(listings.hits()).isPositive();
    proxy.clear();
    assertThat(exists("s3a://lake/unlisted/_SUCCESS")).isFalse();
    assertThat(exists("s3a://lake/unlisted/_sluice_manifest.json")).isFalse();
  }

  /**
   * Set by the maps below once they deleted their bucket (static: the lambdas must stay
   * serializable).
   */
  static final AtomicBoolean DELETED = new AtomicBoolean();

  @Test
  void anOutputBucketDeletedMidJobFailsNamingTheBucketAndKeyAndPublishesNothing() throws Exception {
    server.createBucket("doomed");
    DELETED.set(false);
    Map<String, String> viaProxy = proxy.options();
    try (Sluice s = Sluice.local(opts())) {
      assertThatThrownBy(
              () ->
                  s.read("parquet", List.of("s3a://lake/in/"), viaProxy)
                      .map(
                          r -> {
                            if (DELETED.compareAndSet(false, true)) {
                              server.deleteBucket("doomed");
                            }
                            return r;
                          })
                      .writeParquet(
                          "s3a://doomed/out/",
                          new WriteOptions(WriteMode.ERROR_IF_EXISTS, 1 << 20, viaProxy)))
          .hasMessageContaining("doomed")
          .hasMessageContaining("out/");
    }
    assertThat(DELETED).isTrue();
    server.createBucket("doomed"); // to look: still nothing there
    assertThat(exists("s3a://doomed/out/_SUCCESS")).isFalse();
    assertThat(exists("s3a://doomed/out/_sluice_manifest.json")).isFalse();
    try (Sluice s = Sluice.local(opts())) {
      assertThat(ids(s, "s3a://lake/in/")).as("the input is untouched").hasSize(2000);
    }
  }

  @Test
  void anInputBucketDeletedMidJobFailsNamingTheBucketAndKeyAndPublishesNothing() throws Exception {
    server.createBucket("fleeting");
    try (Sluice s = Sluice.local(opts())) {
      s.range(20_000)
          .map(r -> Row.of("id", r.getLong("id"), "text", "doc " + r.getLong("id")))
          .writeParquet(
              "s3a://fleeting/in/",
              new WriteOptions(WriteMode.ERROR_IF_EXISTS, 16 << 10, server.options()));
    }
    DELETED.set(false);
    Map<String, String> viaProxy = proxy.options();
    Map<String, String> oneSplitPerTask = new HashMap<>(viaProxy);
    oneSplitPerTask.put("minTaskBytes", "1");
    try (Sluice s = Sluice.local(opts())) {
      assertThatThrownBy(
              () ->
                  s.read("parquet", List.of("s3a://fleeting/in/"), oneSplitPerTask)
                      .map(
                          r -> {
                            if (DELETED.compareAndSet(false, true)) {
                              server.deleteBucket("fleeting");
                            }
                            return r;
                          })
                      .writeParquet(
                          "s3a://lake/from-fleeting/",
                          new WriteOptions(WriteMode.ERROR_IF_EXISTS, 1 << 20, viaProxy)))
          .hasMessageContaining("s3a://fleeting/in/part-")
          .satisfies(e -> System.out.println("input bucket deleted mid-job: " + e.getMessage()));
    }
    assertThat(DELETED).isTrue();
    assertThat(exists("s3a://lake/from-fleeting/_SUCCESS")).isFalse();
    assertThat(exists("s3a://lake/from-fleeting/_sluice_manifest.json")).isFalse();
  }
}
