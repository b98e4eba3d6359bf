package io.sluice.connectors.parquet;

import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.fs.CommitProtocol;
import io.sluice.connectors.fs.CommitProtocols;
import io.sluice.connectors.fs.FsConfig;
import io.sluice.connectors.parquet.convert.ArrowToParquetSchema;
import java.io.IOException;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes Parquet files under a directory, committed atomically with a {@code _SUCCESS} marker by
 * the destination's {@link CommitProtocol}: staging rename locally, manifest on object stores (see
 * {@link CommitProtocols}). Settings: {@link WriteOptions#mode()}, {@link
 * WriteOptions#targetFileBytes()}, and the properties of {@link ParquetWriteSettings} ({@code
 * compression}, {@code rowGroupBytes}, {@code pageBytes}, {@code dictionary}) plus {@code fs.*} /
 * {@code hadoop.*} Hadoop settings.
 *
 * <pre>{@code
 * WriteJob job = new ParquetDatasink("out/", WriteOptions.defaults()).createJob(schema, jobId);
 * }</pre>
 */
public final class ParquetDatasink implements Datasink {

  private final String path;
  private final WriteOptions options;
  private final ParquetWriteSettings settings;
  private final FsConfig config;

  public ParquetDatasink(String path, WriteOptions options) {
    this.path = path;
    this.options = options;
    this.settings = ParquetWriteSettings.from(options.properties());
    this.config = FsConfig.fromOptions(options.properties());
  }

  @Override
  public String name() {
    return "WriteParquet";
  }

  @Override
  public String destination() {
    return path;
  }

  @Override
  public Optional<String> resumableJobId() {
    return Optional.ofNullable(options.jobId());
  }

  /**
   * Checks the schema and the destination (nothing is created when either is wrong), then creates
   * the commit protocol (a staging directory where rename is cheap).
   */
  @Override
  public WriteJob createJob(Schema schema, String jobId) throws IOException {
    ArrowToParquetSchema.convert(schema); // fail on unsupported types before touching storage
    boolean resumable = options.jobId() != null;
    CommitProtocol protocol =
        CommitProtocols.prepare(
            config, path, jobId, options.mode(), options.properties(), resumable);
    return new ParquetWriteJob(
        protocol,
        schema,
        settings,
        options.targetFileBytes(),
        config,
        resumable,
        new ParquetJobHandle(path, options, jobId, schema));
  }

  /**
   * The job {@link #createJob} made on the driver, attached to in another process (see {@link
   * ParquetJobHandle}).
   */
  WriteJob reopenJob(Schema schema, String jobId) throws IOException {
    CommitProtocol protocol =
        CommitProtocols.prepare(config, path, jobId, options.mode(), options.properties(), true);
    return new ParquetWriteJob(
        protocol,
        schema,
        settings,
        options.targetFileBytes(),
        config,
        options.jobId() != null,
        new ParquetJobHandle(path, options, jobId, schema));
  }

  @Override
  public String toString() {
    return "parquet sink(" + path + ", " + options.mode() + ", " + settings.codec() + ")";
  }
}
