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
import io.sluice.connectors.s3.S3FaultProxy.Request;
import io.sluice.connectors.testing.LocalJob;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Part files big enough for S3A's multipart upload (about 12 MiB each, 5 MiB parts) through {@link
 * S3FaultProxy}: faults on the upload's initiation, its parts and its completion are retried and
 * the output is committed once with exact rows; a part upload that keeps failing fails the commit
 * naming the object, publishes nothing and leaves no multipart upload open in the bucket (which S3
 * would bill for until a lifecycle rule removed it).
 */
class S3MultipartFaultTest {

  private static final int TASKS = 2;
  private static final int ROWS_PER_TASK = 20_000; // ~600 B a row, incompressible

  private static S3TestServer s3;
  private static S3FaultProxy proxy;
  private static BufferAllocator allocator;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer();
    s3.createBucket("multipart");
    proxy = new S3FaultProxy(s3);
    allocator = new RootAllocator();
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

  /** Through the proxy, uploading in 5 MiB parts (S3's smallest) from 5 MiB on. */
  private static Map<String, String> multipart() {
    Map<String, String> o = new HashMap<>(proxy.options());
    o.put("fs.s3a.multipart.size", "5M");
    o.put("fs.s3a.multipart.threshold", "5M");
    return o;
  }

  private static Predicate<Request> uploadPart() {
    return r -> r.method().equals("PUT") && r.query().contains("partNumber=");
  }

  private static Predicate<Request> initiate() {
    return r -> r.method().equals("POST") && r.query().startsWith("uploads");
  }

  private static Predicate<Request> complete() {
    return r -> r.method().equals("POST") && r.query().contains("uploadId=");
  }

  private static WriteResult write(String path) throws Exception {
    return S3Tables.write(
        new ParquetDatasink(
            path,
            new WriteOptions(
                WriteMode.ERROR_IF_EXISTS, WriteOptions.DEFAULT_TARGET_FILE_BYTES, multipart())),
        allocator,
        TASKS,
        ROWS_PER_TASK);
  }

  @Test
  void faultsInInitiatePartsAndCompleteAreRetriedAndCommitOnce() throws Exception {
    var init = proxy.inject(Kind.SLOW_DOWN, initiate(), 1);
    var internal = proxy.inject(Kind.INTERNAL_ERROR, uploadPart(), 1);
    var reset = proxy.inject(Kind.RESET_MID_BODY, uploadPart(), 1);
    var done = proxy.inject(Kind.SLOW_DOWN, complete(), 1);

    WriteResult w = write("s3a://multipart/ok/");

    assertThat(w.rows()).isEqualTo((long) TASKS * ROWS_PER_TASK);
    assertThat(List.of(init.hits(), internal.hits(), reset.hits(), done.hits()))
        .as("every fault was applied: " + proxy.log())
        .containsExactly(1, 1, 1, 1);
    assertThat(proxy.log().stream().filter(l -> l.contains("partNumber=")).count())
        .as("the files went up in parts")
        .isGreaterThanOrEqualTo(2L * TASKS);
    List<Row> rows =
        LocalJob.readRows(
            ParquetDatasource.create(List.of("s3a://multipart/ok/"), s3.options()), allocator);
    assertThat(rows).hasSize(TASKS * ROWS_PER_TASK);
    for (int i = 0; i < rows.size(); i += 997) {
      assertThat(rows.get(i)).isEqualTo(S3Tables.row(rows.get(i).getLong("id")));
    }
    assertThat(rows.stream().mapToLong(r -> r.getLong("id")).distinct().count())
        .isEqualTo((long) TASKS * ROWS_PER_TASK);
    assertThat(s3.pendingUploads("multipart")).isEmpty();
  }

  @Test
  void aPartThatKeepsFailingFailsNamingTheObjectAndLeavesNoUploadOpen() {
    proxy.inject(Kind.INTERNAL_ERROR, uploadPart(), S3FaultProxy.FOREVER);

    Throwable t = catchThrowable(() -> write("s3a://multipart/failed/"));

    assertThat(t).isNotNull();
    assertThat(S3FaultProxy.causeChain(t))
        .contains("s3a://multipart/failed/part-00000-")
        .doesNotContain(S3TestServer.SECRET_KEY);
    proxy.clear();
    assertThat(s3.pendingUploads("multipart")).as("S3A aborted the failed upload").isEmpty();
    assertThat(s3.keys("multipart"))
        .as("nothing under s3a://multipart/failed/")
        .noneMatch(k -> k.startsWith("failed/"));
  }
}
