package io.sluice.connectors.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.SupportsProjection;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.fs.FileSystems;
import io.sluice.connectors.fs.FsConfig;
import io.sluice.connectors.fs.Manifest;
import io.sluice.connectors.parquet.ParquetDatasink;
import io.sluice.connectors.testing.LocalJob;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** CSV, JSON lines and text through S3A: sinks commit with the manifest, sources read it back. */
class S3FormatsTest {

  @Test
  void formatsRoundTripThroughS3() throws Exception {
    try (S3TestServer s3 = new S3TestServer();
        BufferAllocator allocator = new RootAllocator()) {
      s3.createBucket("fmt");
      S3Tables.write(
          new ParquetDatasink(
              "s3a://fmt/src/", new WriteOptions(WriteMode.ERROR_IF_EXISTS, 1 << 20, s3.options())),
          allocator,
          2,
          300);
      Datasource src = Sluice.format("parquet").source(List.of("s3a://fmt/src/"), s3.options());
      Datasource flat = ((SupportsProjection) src).withColumns(List.of("id", "name", "score"));
      for (String format : List.of("csv", "json")) {
        Map<String, String> w = new HashMap<>(s3.options());
        w.put("compression", format.equals("csv") ? "gzip" : "zstd");
        String dest = "s3a://fmt/out-" + format + "/";
        LocalJob.run(
            flat,
            r -> r,
            flat.schema(),
            Sluice.format(format)
                .sink(dest, new WriteOptions(WriteMode.ERROR_IF_EXISTS, 1 << 20, w)),
            allocator,
            "j-" + format);
        assertThat(
                Manifest.read(
                        FileSystems.get(new Path(dest), FsConfig.fromOptions(s3.options())),
                        new Path(dest))
                    .orElseThrow()
                    .files())
            .hasSize(2);
        List<Row> back =
            LocalJob.readRows(Sluice.format(format).source(List.of(dest), s3.options()), allocator);
        assertThat(back).hasSize(600);
        assertThat(back.stream().mapToLong(r -> ((Number) r.get("id")).longValue()).sum())
            .isEqualTo(599L * 600 / 2);
      }
      List<Row> lines =
          LocalJob.readRows(
              Sluice.format("text").source(List.of("s3a://fmt/out-json/*.zst"), s3.options()),
              allocator);
      assertThat(lines).hasSize(600).allMatch(r -> ((String) r.get("text")).startsWith("{\"id\":"));
    }
  }
}
