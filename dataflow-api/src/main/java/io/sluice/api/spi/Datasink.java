package io.sluice.api.spi;

import java.io.IOException;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A writable destination with an atomic commit protocol (in the style of Hadoop's {@code
 * OutputCommitter} and Spark's {@code BatchWrite}).
 *
 * <p>Call-order rules: the driver calls {@link #createJob} once per job; then workers open {@link
 * TaskWriter}s from the job (any number, concurrently); finally the driver calls exactly one of
 * {@link WriteJob#commit} (with every successful task's result) or {@link WriteJob#abort}.
 */
public interface Datasink {

  /** Short name for progress and stats, e.g. {@code WriteParquet}. */
  String name();

  /** Where the data goes, for messages. */
  String destination();

  /**
   * The stable job id when the user asked for a resumable write ({@link WriteOptions#withJobId});
   * the executor then uses it as the job id, expects {@link #createJob} to return a {@link
   * ResumableWriteJob}, and checkpoints per read split. Default: not resumable.
   */
  default Optional<String> resumableJobId() {
    return Optional.empty();
  }

  /**
   * Prepares a job: checks the destination against the write mode (throwing an error naming it) and
   * creates the attempt area. Nothing is visible to readers until commit.
   */
  WriteJob createJob(Schema schema, String jobId) throws IOException;
}
