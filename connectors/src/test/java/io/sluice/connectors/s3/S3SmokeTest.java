package io.sluice.connectors.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.fs.FileSystems;
import io.sluice.connectors.fs.FsConfig;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class S3SmokeTest {
  @Test
  void putGet() throws Exception {
    try (S3TestServer s3 = new S3TestServer()) {
      s3.createBucket("smoke");
      FsConfig c = FsConfig.fromOptions(s3.options());
      Path p = new Path("s3a://smoke/a/b.txt");
      FileSystem fs = FileSystems.get(p, c);
      try (FSDataOutputStream out = fs.create(p)) {
        out.write("hello".getBytes(StandardCharsets.UTF_8));
      }
      try (FSDataInputStream in = fs.open(p)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
      }
      assertThat(fs.listStatus(new Path("s3a://smoke/a/"))).hasSize(1);
    }
  }
}
