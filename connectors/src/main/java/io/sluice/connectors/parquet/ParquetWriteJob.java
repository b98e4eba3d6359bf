package io.sluice.connectors.parquet;

import io.sluice.api.spi.ResumableWriteJob;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteJobHandle;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.spi.WriteTaskResult;
import io.sluice.connectors.fs.CheckpointStore;
import io.sluice.connectors.fs.CommitProtocol;
import io.sluice.connectors.fs.FsConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One Parquet write job over a {@link CommitProtocol}. A job whose tasks wrote no rows still
 * publishes one empty file, so the output can be read back with its schema.
 */
final class ParquetWriteJob implements ResumableWriteJob {

  private final CommitProtocol protocol;
  private final Schema schema;
  private final ParquetWriteSettings settings;
  private final long targetFileBytes;
  private final FsConfig config;
  private final boolean resumable;
  private final CheckpointStore checkpoints;
  private final ParquetJobHandle handle;

  ParquetWriteJob(
      CommitProtocol protocol,
      Schema schema,
      ParquetWriteSettings settings,
      long targetFileBytes,
      FsConfig config,
      boolean resumable,
      ParquetJobHandle handle) {
    this.handle = handle;
    this.resumable = resumable;
    this.checkpoints = new CheckpointStore(protocol.fileSystem(), protocol.workDir());
    this.protocol = protocol;
    this.schema = schema;
    this.settings = settings;
    this.targetFileBytes = targetFileBytes;
    this.config = config;
  }

  @Override
  public Optional<WriteJobHandle> handle() {
    return Optional.of(handle);
  }

  @Override
  public TaskWriter openTask(int taskIndex, int attempt) {
    return newWriter(taskIndex, attempt);
  }

  private ParquetTaskWriter newWriter(int taskIndex, int attempt) {
    if (taskIndex < 0 || attempt < 0) {
      throw new IllegalArgumentException(
          "task index and attempt must be >= 0, got " + taskIndex + "/" + attempt);
    }
    return new ParquetTaskWriter(
        protocol, taskIndex, attempt, schema, settings, targetFileBytes, config.toConfiguration());
  }

  @Override
  public WriteResult commit(List<WriteTaskResult> results) throws IOException {
    try {
      List<WriteTaskResult> all = new ArrayList<>(results);
      // No rows: publish one empty file so the schema can be read back (unless no column is known,
      // as for a job over an empty directory: Parquet cannot store an empty schema).
      if (all.stream().allMatch(r -> r.files().isEmpty()) && !schema.getFields().isEmpty()) {
        int task = all.stream().mapToInt(WriteTaskResult::taskIndex).max().orElse(-1) + 1;
        all.add(newWriter(task, 0).commit(true));
      }
      List<String> published = protocol.commit(all);
      long rows = all.stream().mapToLong(WriteTaskResult::rows).sum();
      long bytes = all.stream().mapToLong(WriteTaskResult::bytes).sum();
      return new WriteResult(protocol.destination().toString(), published, rows, bytes);
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  @Override
  public Map<String, List<WriteTaskResult>> recover(Set<String> currentSplits) throws IOException {
    return checkpoints.recover(currentSplits);
  }

  @Override
  public void checkpoint(String split, List<WriteTaskResult> results) throws IOException {
    checkpoints.write(split, results);
  }

  /**
   * Deletes the staging directory, unless the job is resumable: then its checkpoints stay for the
   * next run.
   */
  @Override
  public void abort() {
    if (!resumable) {
      protocol.abort();
    }
  }
}
