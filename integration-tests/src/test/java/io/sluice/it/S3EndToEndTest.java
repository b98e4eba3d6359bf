package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.OperatorException;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.s3.S3TestServer;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A whole job through {@code Sluice.local} from S3 to S3 on an in-process S3 server (s3proxy with
 * signature checking): read Parquet, map, write Parquet committed with a manifest; a failing job
 * publishes nothing.
 */
class S3EndToEndTest {

  static S3TestServer server;
  static Map<String, String> s3;

  @BeforeAll
  static void start() throws Exception {
    server = new S3TestServer();
    server.createBucket("lake");
    s3 = server.options();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static ExecutionOptions opts() {
    return ExecutionOptions.builder().cpuSlots(2).progress(false).maxTaskRetries(1).build();
  }

  static WriteOptions to() {
    return new WriteOptions(WriteMode.ERROR_IF_EXISTS, 1 << 20, s3);
  }

  static boolean exists(String path) throws Exception {
    Configuration conf = new Configuration();
    s3.forEach(conf::set);
    Path p = new Path(path);
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
      return fs.exists(p);
    }
  }

  @Test
  void readMapWriteFromS3ToS3() throws Exception {
    try (Sluice s = Sluice.local(opts())) {
      s.range(5000)
          .map(r -> Row.of("id", r.getLong("id"), "text", "doc " + r.getLong("id")))
          .writeParquet("s3a://lake/in/", to());
      s.read("parquet", List.of("s3a://lake/in/"), s3)
          .map(r -> Row.of("id", r.getLong("id"), "len", (long) r.getString("text").length()))
          .writeParquet("s3a://lake/out/", to());
      List<Row> rows = s.read("parquet", List.of("s3a://lake/out/"), s3).takeAll();
      assertThat(rows).hasSize(5000);
      assertThat(rows.get(1234)).isEqualTo(Row.of("id", 1234L, "len", 8L));
    }
    assertThat(exists("s3a://lake/out/_SUCCESS")).isTrue();
    assertThat(exists("s3a://lake/out/_sluice_manifest.json")).isTrue();
  }

  @Test
  void failedJobPublishesNoManifest() throws Exception {
    try (Sluice s = Sluice.local(opts())) {
      s.range(100).writeParquet("s3a://lake/src/", to());
      assertThatThrownBy(
              () ->
                  s.read("parquet", List.of("s3a://lake/src/"), s3)
                      .map(
                          r -> {
                            throw new IllegalStateException("model crashed on " + r.getLong("id"));
                          })
                      .writeParquet("s3a://lake/failed/", to()))
          .isInstanceOf(OperatorException.class);
    }
    assertThat(exists("s3a://lake/failed/_SUCCESS")).isFalse();
    assertThat(exists("s3a://lake/failed/_sluice_manifest.json")).isFalse();
  }
}
