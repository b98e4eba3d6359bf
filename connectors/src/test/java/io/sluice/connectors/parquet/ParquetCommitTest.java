package io.sluice.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.PlanException;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.spi.WriteTaskResult;
import io.sluice.connectors.fs.StagingCommitProtocol;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit protocol as an executor drives it: tasks, attempts, then commit or abort. */
class ParquetCommitTest {

  @TempDir Path tmp;

  private static WriteTaskResult task(
      WriteJob job, RootAllocator allocator, int index, int attempt, int from, int rows)
      throws IOException {
    TaskWriter w = job.openTask(index, attempt);
    try (VectorSchemaRoot b = AllTypes.batch(allocator, from, rows)) {
      w.write(b);
    }
    return w.commit();
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> names(List<String> uris) {
    return uris.stream()
        .map(u -> Path.of(URI.create(u)).getFileName().toString())
        .sorted()
        .toList();
  }

  @Test
  void commitPublishesExactlyTheCommittedFilesAndSuccessAndARetriedTaskDoesNotDuplicate()
      throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      Path dest = tmp.resolve("out");
      WriteJob job =
          new ParquetDatasink(dest.toString(), WriteOptions.defaults())
              .createJob(AllTypes.SCHEMA, "job-7");
      WriteTaskResult t0 = task(job, allocator, 0, 0, 0, 100);
      WriteTaskResult failed =
          task(job, allocator, 1, 0, 100, 100); // attempt 0 of task 1 "failed" after writing
      TaskWriter aborted = job.openTask(1, 1);
      try (VectorSchemaRoot b = AllTypes.batch(allocator, 100, 50)) {
        aborted.write(b);
      }
      aborted.abort();
      WriteTaskResult t1 = task(job, allocator, 1, 2, 100, 100);
      assertThat(dest).doesNotExist();

      WriteResult result = job.commit(List.of(t0, t1));
      assertThat(result.rows()).isEqualTo(200);
      List<String> expected =
          Stream.concat(t0.files().stream(), t1.files().stream())
              .map(f -> Path.of(URI.create(f)).getFileName().toString())
              .sorted()
              .toList();
      assertThat(names(result.files())).isEqualTo(expected);
      assertThat(listing(dest))
          .containsExactlyElementsOf(
              Stream.concat(expected.stream(), Stream.of(StagingCommitProtocol.SUCCESS_MARKER))
                  .sorted()
                  .toList());
      assertThat(names(failed.files())).doesNotContainAnyElementsOf(listing(dest));
      assertThat(listing(tmp)).containsExactly("out"); // staging gone

      assertThat(Fixtures.readRows(ParquetDatasource.of(dest.toString()), allocator))
          .isEqualTo(Fixtures.expectedAllTypes(allocator, 0, 200));
    }
  }

  @Test
  void abortLeavesNeitherDestinationNorStaging() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      Path dest = tmp.resolve("out");
      WriteJob job =
          new ParquetDatasink(dest.toString(), WriteOptions.defaults())
              .createJob(AllTypes.SCHEMA, "j");
      task(job, allocator, 0, 0, 0, 10);
      assertThat(listing(tmp)).containsExactly(".sluice-staging-out-j");
      job.abort();
      assertThat(listing(tmp)).isEmpty();
    }
  }

  @Test
  void errorIfExistsFailsBeforeWritingAnything() throws Exception {
    Path dest = tmp.resolve("out");
    Files.createDirectories(dest);
    Files.writeString(dest.resolve("old.parquet"), "x");
    assertThatThrownBy(
            () ->
                new ParquetDatasink(dest.toString(), WriteOptions.defaults())
                    .createJob(AllTypes.SCHEMA, "j"))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining(dest.toString())
        .hasMessageContaining("not empty");
    assertThat(listing(tmp)).containsExactly("out");
    assertThat(listing(dest)).containsExactly("old.parquet");
  }

  @Test
  void anEmptyExistingDirectoryIsFineForErrorIfExists() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      Path dest = tmp.resolve("out");
      Files.createDirectories(dest);
      WriteJob job =
          new ParquetDatasink(dest.toString(), WriteOptions.defaults())
              .createJob(AllTypes.SCHEMA, "j");
      job.commit(List.of(task(job, allocator, 0, 0, 0, 10)));
      assertThat(Fixtures.readRows(ParquetDatasource.of(dest.toString()), allocator)).hasSize(10);
    }
  }

  @Test
  void overwriteReplacesOnlyAtCommit() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      Path dest = tmp.resolve("out");
      Fixtures.writeAllTypes(allocator, dest.toString(), WriteOptions.defaults(), 1, 1, 30);
      WriteJob job =
          new ParquetDatasink(
                  dest.toString(), WriteOptions.defaults().withMode(WriteMode.OVERWRITE))
              .createJob(AllTypes.SCHEMA, "job2");
      WriteTaskResult r = task(job, allocator, 0, 0, 1000, 5);
      assertThat(Fixtures.readRows(ParquetDatasource.of(dest.toString()), allocator))
          .hasSize(30); // untouched so far
      job.commit(List.of(r));
      assertThat(Fixtures.readRows(ParquetDatasource.of(dest.toString()), allocator))
          .isEqualTo(Fixtures.expectedAllTypes(allocator, 1000, 5));
      assertThat(listing(tmp)).containsExactly("out");
    }
  }

  @Test
  void appendAddsFilesBesideTheExistingOnes() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      Path dest = tmp.resolve("out");
      Fixtures.writeAllTypes(allocator, dest.toString(), WriteOptions.defaults(), 1, 1, 30);
      WriteJob job =
          new ParquetDatasink(dest.toString(), WriteOptions.defaults().withMode(WriteMode.APPEND))
              .createJob(AllTypes.SCHEMA, "job2");
      job.commit(List.of(task(job, allocator, 0, 0, 30, 20)));
      assertThat(listing(dest)).hasSize(3).contains(StagingCommitProtocol.SUCCESS_MARKER);
      List<List<Object>> rows = Fixtures.readRows(ParquetDatasource.of(dest.toString()), allocator);
      assertThat(rows)
          .containsExactlyInAnyOrderElementsOf(Fixtures.expectedAllTypes(allocator, 0, 50));
    }
  }

  @Test
  void twoAttemptsOfOneTaskCannotBothBeCommitted() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      Path dest = tmp.resolve("out");
      WriteJob job =
          new ParquetDatasink(dest.toString(), WriteOptions.defaults())
              .createJob(AllTypes.SCHEMA, "j");
      WriteTaskResult a = task(job, allocator, 0, 0, 0, 10);
      WriteTaskResult b = task(job, allocator, 0, 1, 0, 10);
      assertThatThrownBy(() -> job.commit(List.of(a, b)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("task 0");
      assertThat(listing(tmp)).isEmpty(); // a failed commit cleans up and publishes nothing
    }
  }

  @Test
  void tasksRollToNewFilesPastTheTargetSize() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      Path dest = tmp.resolve("out");
      WriteOptions options =
          WriteOptions.defaults()
              .withTargetFileBytes(32 << 10)
              .withProperty("compression", "snappy");
      WriteResult r = Fixtures.writeAllTypes(allocator, dest.toString(), options, 1, 4, 1000);
      assertThat(r.files()).hasSizeGreaterThan(3);
      assertThat(names(r.files()))
          .allSatisfy(n -> assertThat(n).matches("part-00000-a0-\\d{3}-job1\\.parquet"));
      assertThat(Fixtures.readRows(ParquetDatasource.of(dest.toString()), allocator))
          .isEqualTo(Fixtures.expectedAllTypes(allocator, 0, 4000));
    }
  }
}
