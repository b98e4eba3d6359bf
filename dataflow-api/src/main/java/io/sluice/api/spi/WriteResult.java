package io.sluice.api.spi;

import io.sluice.api.JobStats;
import java.util.List;
import java.util.Objects;

/**
 * A committed write and the figures of the job that made it.
 *
 * @param destination where the data went
 * @param files the published files
 * @param rows rows written
 * @param bytes bytes written to storage
 * @param stats the write job's figures ({@link JobStats#none()} until the backend adds them)
 */
public record WriteResult(
    String destination, List<String> files, long rows, long bytes, JobStats stats) {

  public WriteResult {
    files = List.copyOf(files);
    Objects.requireNonNull(stats, "stats");
  }

  /**
   * What a sink's commit returns: the backend that ran the job adds its figures with {@link
   * #withStats}.
   */
  public WriteResult(String destination, List<String> files, long rows, long bytes) {
    this(destination, files, rows, bytes, JobStats.none());
  }

  /** The same write with the figures of the job that made it. */
  public WriteResult withStats(JobStats jobStats) {
    return new WriteResult(destination, files, rows, bytes, jobStats);
  }
}
