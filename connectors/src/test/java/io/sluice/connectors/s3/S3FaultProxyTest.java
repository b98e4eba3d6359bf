package io.sluice.connectors.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sluice.api.Row;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.connectors.parquet.ParquetDatasink;
import io.sluice.connectors.parquet.ParquetDatasource;
import io.sluice.connectors.s3.S3FaultProxy.Kind;
import io.sluice.connectors.testing.LocalJob;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * S3A through {@link S3FaultProxy}: throttling, resets and short bodies mid-body, slow answers on
 * reads and on the manifest commit are retried by S3A and the rows come out exact; throttling that
 * outlasts S3A's retries fails with S3A's throttling exception naming the object.
 */
class S3FaultProxyTest {

  private static S3TestServer s3;
  private static S3FaultProxy proxy;
  private static BufferAllocator allocator;
  private static List<Row> expected;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer();
    s3.createBucket("data");
    proxy = new S3FaultProxy(s3);
    allocator = new RootAllocator();
    S3Tables.write(
        new ParquetDatasink(
            "s3a://data/t/",
            new WriteOptions(
                WriteMode.ERROR_IF_EXISTS, WriteOptions.DEFAULT_TARGET_FILE_BYTES, s3.options())),
        allocator,
        2,
        300);
    expected =
        LocalJob.readRows(
            ParquetDatasource.create(List.of("s3a://data/t/"), s3.options()), allocator);
    assertThat(expected).hasSize(600);
  }

  @AfterEach
  void clearFaults() {
    proxy.clear();
  }

  @AfterAll
  static void stop() throws Exception {
    allocator.close();
    proxy.close();
    s3.close();
  }

  private static Map<String, String> viaProxy() {
    return proxy.options();
  }

  @Test
  void transientReadFaultsAreRetriedAndTheRowsAreExact() throws Exception {
    List<Row> clean =
        LocalJob.readRows(
            ParquetDatasource.create(List.of("s3a://data/t/"), viaProxy()), allocator);
    assertThat(clean).as("the proxy forwards untouched").isEqualTo(expected);
    long before = s3.gets();

    var throttled = proxy.inject(Kind.SLOW_DOWN, S3FaultProxy.get("part-"), 2);
    var reset = proxy.inject(Kind.RESET_MID_BODY, S3FaultProxy.get("part-"), 2);
    var truncated = proxy.inject(Kind.TRUNCATE, S3FaultProxy.get("part-"), 2);
    var slow = proxy.inject(Kind.DELAY, S3FaultProxy.get("part-"), 3, 400);
    var internal = proxy.inject(Kind.INTERNAL_ERROR, r -> r.method().equals("HEAD"), 1);
    List<Row> rows =
        LocalJob.readRows(
            ParquetDatasource.create(List.of("s3a://data/t/"), viaProxy()), allocator);

    assertThat(rows).isEqualTo(expected);
    assertThat(throttled.hits()).isEqualTo(2);
    assertThat(reset.hits()).isEqualTo(2);
    assertThat(truncated.hits()).isEqualTo(2);
    assertThat(slow.hits()).isEqualTo(3);
    assertThat(internal.hits()).isEqualTo(1);
    assertThat(s3.gets() - before)
        .as("reset reads were re-requested from the server")
        .isGreaterThan(2);
    System.out.println("faults applied: " + proxy.log());
  }

  @Test
  void transientFaultsInTheManifestCommitAreRetriedAndCommitOnce() throws Exception {
    var manifest = proxy.inject(Kind.SLOW_DOWN, S3FaultProxy.upload("_sluice_manifest.json"), 2);
    var success = proxy.inject(Kind.RESET_MID_BODY, S3FaultProxy.upload("_SUCCESS"), 1);
    var part = proxy.inject(Kind.INTERNAL_ERROR, S3FaultProxy.upload("part-"), 1);
    WriteResult w =
        S3Tables.write(
            new ParquetDatasink(
                "s3a://data/committed/",
                new WriteOptions(
                    WriteMode.ERROR_IF_EXISTS, WriteOptions.DEFAULT_TARGET_FILE_BYTES, viaProxy())),
            allocator,
            2,
            300);

    assertThat(w.rows()).isEqualTo(600);
    assertThat(List.of(manifest.hits(), success.hits(), part.hits())).containsExactly(2, 1, 1);
    List<Row> rows =
        LocalJob.readRows(
            ParquetDatasource.create(List.of("s3a://data/committed/"), s3.options()), allocator);
    assertThat(rows).isEqualTo(expected);
  }

  @Test
  void throttlingThatOutlastsTheRetriesFailsNamingTheObject() {
    proxy.inject(Kind.SLOW_DOWN, S3FaultProxy.get("part-"), S3FaultProxy.FOREVER);
    Throwable t =
        catchThrowable(
            () ->
                LocalJob.readRows(
                    ParquetDatasource.create(List.of("s3a://data/t/"), viaProxy()), allocator));

    assertThat(t).isNotNull();
    assertThat(S3FaultProxy.causeChain(t))
        .contains("s3a://data/t/part-")
        .containsIgnoringCase("throttl")
        .doesNotContain(S3TestServer.SECRET_KEY);
  }
}
