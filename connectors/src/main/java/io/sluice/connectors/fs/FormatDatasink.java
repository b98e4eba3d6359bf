package io.sluice.connectors.fs;

import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.spi.WriteTaskResult;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a row-oriented format ({@link RowEncoder}) under a directory, committed by the
 * destination's {@link CommitProtocol} (staging rename locally, manifest on object stores). Files
 * are named {@code part-<task>-a<attempt>-<seq>-<job>.<format>[.gz|.zst]}.
 *
 * <p>Write options: {@link WriteOptions#mode()}, {@link WriteOptions#targetFileBytes()} (a task
 * rolls to a new file past it, counted in stored bytes), and properties {@code compression} (none,
 * gzip, zstd), {@code commitProtocol}, {@code orphanGraceSeconds} and {@code fs.*} Hadoop settings,
 * plus the encoder's own.
 */
public final class FormatDatasink implements Datasink {

  private final String name;
  private final String path;
  private final WriteOptions options;
  private final RowEncoder encoder;
  private final Compression compression;
  private final FsConfig config;

  public FormatDatasink(String name, String path, WriteOptions options, RowEncoder encoder) {
    this.name = name;
    this.path = path;
    this.options = options;
    this.encoder = encoder;
    this.compression = Compression.forOption(options.properties().get("compression"));
    this.config = FsConfig.fromOptions(options.properties());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String destination() {
    return path;
  }

  @Override
  public WriteJob createJob(Schema schema, String jobId) throws IOException {
    encoder.check(schema);
    CommitProtocol protocol =
        CommitProtocols.prepare(config, path, jobId, options.mode(), options.properties());
    String extension = encoder.name() + compression.extension();
    return new WriteJob() {
      @Override
      public TaskWriter openTask(int taskIndex, int attempt) {
        return new FormatTaskWriter(
            protocol,
            encoder,
            compression,
            extension,
            schema,
            taskIndex,
            attempt,
            options.targetFileBytes());
      }

      @Override
      public WriteResult commit(List<WriteTaskResult> results) throws IOException {
        try {
          List<String> published = protocol.commit(results);
          long rows = results.stream().mapToLong(WriteTaskResult::rows).sum();
          long bytes = results.stream().mapToLong(WriteTaskResult::bytes).sum();
          return new WriteResult(protocol.destination().toString(), published, rows, bytes);
        } catch (IOException | RuntimeException e) {
          protocol.abort();
          throw e;
        }
      }

      @Override
      public void abort() {
        protocol.abort();
      }
    };
  }

  @Override
  public String toString() {
    return encoder.name() + " sink(" + path + ", " + options.mode() + ", " + compression + ")";
  }
}
